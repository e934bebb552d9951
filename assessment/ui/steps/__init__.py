"""One module per step of the workbook, each with ``show()`` for its notebook."""
