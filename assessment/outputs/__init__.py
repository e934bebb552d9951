"""What the workbook hands over: analysis, charts, the PDF report, exports."""
