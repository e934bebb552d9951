"""The building blocks of the Word report: headings, paragraphs of user text, tables whose
header repeats, pictures with alt text, level cards and caveat boxes.

Every block takes its look from a named style (``styles.py``), so a consultant's template
restyles the report; direct formatting is kept to bold, italics, widths and alignment.
User text is added as text, never interpreted: a ``**``, ``#`` or ``<b>`` prints as typed.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from .ooxml import (
    cell_margins,
    cell_padding,
    keep_row_whole,
    no_border,
    no_header_look,
    no_numbering,
    repeat_as_header,
    shade,
    xml_text,
)
from .styles import Styles

#: What a table cell holds: user text, or a function that fills the cell.
Cell = str | Callable[[_Cell], None]
Container = Document | _Cell
CARD_FILL = "EAF1F7"  # the PDF's tint behind the level cards
GOAL_INDENT = Cm(1.1)
LIST_INDENT = Cm(0.7)


@dataclass
class Row:
    """One table row: its cells and whether it must stay on one page."""

    cells: Sequence[Cell]
    keep: bool = True
    merge_from: int | None = None  # cells from this column on are one (a status across the levels)
    notes: Cell | None = None  # a full-width row below, kept with this one (an area's notes)


@dataclass(frozen=True)
class Chart:
    """A chart as PNG at print resolution, with the words that say what it shows (alt text)."""

    png: bytes
    alt: str
    name: str


@dataclass
class Writer:
    """Adds blocks to the end of a document, in its styles; ``width`` is the text width."""

    document: Document
    styles: Styles
    width: Length
    charts: dict[str, Chart] = field(default_factory=dict)  # by the name the report's data gives it

    # ------------------------------------------------------------------ paragraphs

    def paragraph(
        self,
        text: str = "",
        style: str = "Normal",
        *,
        into: Container | None = None,
        bold: bool | None = None,
        italic: bool | None = None,
    ) -> Paragraph:
        """One paragraph; line breaks in ``text`` stay line breaks."""
        p = self._new_paragraph(into, style)
        if text:
            self.run(p, text, bold=bold, italic=italic)
        return p

    @staticmethod
    def run(p: Paragraph, text: str, *, bold: bool | None = None, italic: bool | None = None) -> None:
        r = p.add_run(xml_text(text))
        r.bold, r.italic = bold, italic

    def user_text(
        self,
        text: str,
        style: str = "Normal",
        *,
        into: Container | None = None,
        bold: bool | None = None,
        italic: bool | None = None,
    ) -> list[Paragraph]:
        """Text as the user typed it: a blank line starts a paragraph, a line break stays one."""
        chunks = [chunk.strip("\n") for chunk in xml_text(text).split("\n\n") if chunk.strip()] or [""]
        return [self.paragraph(chunk, style, into=into, bold=bold, italic=italic) for chunk in chunks]

    def heading(self, text: str, level: int, *, new_page: bool = False, numbered: bool = True) -> Paragraph:
        """A heading in Word's heading style (navigation pane, table of contents). Main
        sections start a page, as in the PDF, whatever the template's heading style says."""
        p = self.paragraph(text, f"heading {level}")
        if level == 1:
            p.paragraph_format.page_break_before = new_page
            if not new_page:  # a short section following on, set apart as in the PDF
                p.paragraph_format.space_before = Pt(24)
            if not numbered:
                no_numbering(p._p)
        return p

    def muted(self, text: str, *, into: Container | None = None) -> Paragraph:
        """Words standing in for something missing (``Ikke angivet``)."""
        return self.paragraph(text, "Report Small", into=into, italic=True)

    def numbered(self, items: Sequence[str]) -> None:
        """A numbered list, numbered in the text so no template's list definitions are needed."""
        for number, item in enumerate(items, start=1):
            for i, p in enumerate(self.user_text(item)):
                fmt = p.paragraph_format
                fmt.left_indent, fmt.first_line_indent = LIST_INDENT, (-LIST_INDENT if i == 0 else None)
                fmt.tab_stops.add_tab_stop(LIST_INDENT)
                if i == 0:
                    p.runs[0].text = f"{number}.\t{p.runs[0].text}"

    def indented(self, label: str, text: str, level: int, *, bold_text: bool = False) -> Paragraph:
        """``1.1  text`` with the text in a hanging indent: a numbered goal."""
        p = self.paragraph()
        indent = Cm(GOAL_INDENT.cm * (level + 1))
        fmt = p.paragraph_format
        fmt.left_indent, fmt.first_line_indent, fmt.space_after = indent, -GOAL_INDENT, Pt(4)
        fmt.keep_together = True
        fmt.tab_stops.add_tab_stop(indent)
        self.run(p, f"{label}\t", bold=True)
        self.run(p, text, bold=bold_text or None)
        return p

    def caveats(self, caveats: Sequence[dict[str, str]]) -> None:
        """Caveat boxes: a warning's title in bold and its text, on a tinted ground."""
        for i, caveat in enumerate(caveats):
            if i:
                self.paragraph("", "Report Small")  # two boxes side by side would run into one
            p = self.paragraph(caveat["title"], "Report Caveat", bold=True)
            self.run(p, "\n" + xml_text(caveat["text"]).replace("\n\n", "\n"))

    def tinted(self, text: str) -> Table:
        """User text set apart on the tint of the level cards (the scale's rating rule)."""

        def fill(cell: _Cell) -> None:
            shade(cell._tc, CARD_FILL)
            cell_padding(cell._tc, int(Pt(8).twips))
            self.user_text(text, "Report Table Text", into=cell)

        return self.layout((1.0,), [[fill]])

    def picture(self, png: bytes, width: Length, alt: str, name: str, *, into: Container | None = None) -> Paragraph:
        """A centred picture whose description (alt text) says what it shows."""
        p = self.paragraph(into=into)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        shape = p.add_run().add_picture(io.BytesIO(png), width=width)
        doc_pr = shape._inline.docPr
        doc_pr.set("name", name)
        doc_pr.set("descr", xml_text(alt))
        return p

    # ------------------------------------------------------------------ tables

    def table(
        self,
        widths: Sequence[float],
        header: Sequence[str] | None,
        rows: Sequence[Row],
        *,
        centred: Sequence[int] = (),
        keep_together: bool = False,
    ) -> Table:
        """A data table in the "Report Table" style: the header row repeats on every page,
        short rows never split, an area's notes stay with its levels. ``widths`` are
        fractions of the text width; ``centred`` the columns centred; ``keep_together``:
        the whole table on one page, with what comes before it."""
        table = self._grid(widths, "Report Table")
        if header is not None:
            cells = table.add_row().cells
            for column, (cell, text) in enumerate(zip(cells, header, strict=False)):
                p = self.paragraph(text, "Report Table Header", into=cell)
                if column in centred:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            repeat_as_header(table.rows[-1]._tr)
        else:
            no_header_look(table._tbl)
        for row in rows:
            cells = table.add_row().cells
            if row.merge_from is not None:
                cells[row.merge_from].merge(cells[-1])
            for column, value in enumerate(row.cells):
                cell = cells[column]
                self.fill(cell, value)
                if column in centred:
                    for p in cell.paragraphs:
                        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if row.keep:
                keep_row_whole(table.rows[-1]._tr)
            if row.notes is not None:
                _keep_with_next(table, [table._tbl.tr_lst[-1]])
                for tc in table._tbl.tr_lst[-1].tc_lst:
                    no_border(tc, "bottom")
                notes = table.add_row().cells
                notes[0].merge(notes[-1])
                no_border(notes[0]._tc, "top")
                self.fill(notes[0], row.notes)
                if row.keep:
                    keep_row_whole(table.rows[-1]._tr)
        rows_on = table._tbl.tr_lst[:-1] if keep_together else table._tbl.tr_lst[:1] if header is not None else []
        _keep_with_next(table, rows_on)  # a header row is never left alone at the foot of a page
        self._fix_widths(table, widths)
        return table

    def layout(self, widths: Sequence[float], rows: Sequence[Sequence[Cell]], *, keep_together: bool = False) -> Table:
        """Blocks side by side, without lines, the text in line with the text outside:
        a table only for the layout. ``keep_together``: all its rows on one page."""
        table = self._grid(widths, "Normal Table")
        cell_margins(table._tbl, 0, int(Pt(8).twips))
        for number, values in enumerate(rows, start=1):
            for cell, value in zip(table.add_row().cells, values, strict=False):
                self.fill(cell, value)
                cell.paragraphs[-1].paragraph_format.space_after = Pt(5)
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = True if keep_together and number < len(rows) else None
            keep_row_whole(table.rows[-1]._tr)
        self._fix_widths(table, widths)
        self.paragraph("", "Report Small")  # Word needs a paragraph between two tables
        return table

    def fill(self, cell: _Cell, value: Cell) -> None:
        if callable(value):
            value(cell)
        else:
            self.user_text(value, "Report Table Text", into=cell)

    def level_cards(self, cards: Sequence[tuple[str, dict | None]], none_text: str) -> Table:
        """Where the organisation is and where it wants to be, side by side on a tint."""

        def card(label: str, level: dict | None) -> Callable[[_Cell], None]:
            def fill(cell: _Cell) -> None:
                shade(cell._tc, CARD_FILL)
                self.paragraph(label, "Report Label", into=cell)
                if level is None:
                    self.muted(none_text, into=cell)
                    return
                self.paragraph(level["label"], "Report Figure", into=cell)
                name = self.paragraph(level["name"], "Report Table Text", into=cell, bold=True)
                name.paragraph_format.space_after = Pt(4)
                self.user_text(level["summary"], "Report Table Text", into=cell)

            return fill

        def arrow(cell: _Cell) -> None:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            self.paragraph("→", "Report Figure", into=cell).alignment = WD_ALIGN_PARAGRAPH.CENTER

        (now_label, now), (desired_label, desired) = cards
        table = self.layout((0.455, 0.09, 0.455), [[card(now_label, now), arrow, card(desired_label, desired)]])
        for cell in table.rows[0].cells:
            cell_padding(cell._tc, int(Pt(8).twips))
            cell.paragraphs[-1].paragraph_format.space_after = Pt(0)
        return table

    # ------------------------------------------------------------------ internals

    def _new_paragraph(self, into: Container | None, style: str) -> Paragraph:
        p = None
        if isinstance(into, _Cell):
            first = into.paragraphs[0]
            if len(into.paragraphs) == 1 and not first.runs and first._p.pPr is None:  # the cell's own, unused
                p = first
        p = p or (into or self.document).add_paragraph()
        p._p.style = self.styles.id(style)
        return p

    def _grid(self, widths: Sequence[float], style: str) -> Table:
        table = self.document.add_table(rows=0, cols=len(widths))
        table._tbl.tblStyle_val = self.styles.id(style)
        table.autofit = False
        return table

    def _fix_widths(self, table: Table, widths: Sequence[float]) -> None:
        """Column widths for Word (the cells) and for other readers (the grid)."""
        sizes = [Twips(int(self.width.twips * w)) for w in widths]  # whole twips, as Word stores them
        for column, size in zip(table.columns, sizes, strict=False):
            column.width = size
        for tr in table._tbl.tr_lst:
            column = 0
            for tc in tr.tc_lst:
                tc.width = Twips(sum(size.twips for size in sizes[column : column + tc.grid_span]))
                column += tc.grid_span


def _keep_with_next(table: Table, rows: Sequence) -> None:
    """Keep these rows on the page of the row after them (Word's way to keep rows together)."""
    for tr in rows:
        for p in tr.iter(qn("w:p")):
            Paragraph(p, table).paragraph_format.keep_with_next = True
