"""Writing a benchmark: PDF (typst, as the report), Excel, JSON (for ``report --benchmark``)
and the flattened, anonymised table (Parquet or CSV) for a data platform.

Every word comes from the locale, the catalogue or the scale, and every number from the
figures after the k rule; every file is written whole or not at all.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..data.catalogue import default_catalogue
from ..data.i18n import locale, locales, t
from ..data.scale import Scale
from ..errors import AssessmentError
from ..files.writing import Protected, check_output, write_output
from ..outputs.charts import save_figure
from ..outputs.export import sheet_title
from ..outputs.typst_pdf import compile_pdf
from .charts import heatmap_figure
from .collect import DIALOGUE, Collected
from .disclosure import ALL
from .figures import Benchmark, Figure
from .wording import group_name, group_note, item_name, n_text, number, quartiles

TEMPLATE = Path(__file__).resolve().parent / "templates" / "benchmark.typ"
FORMATS = (".pdf", ".xlsx", ".json")
TABLE_FORMATS = (".parquet", ".csv")


def check_out(path: Path, formats: tuple[str, ...], what: str, protect: Protected | None = None) -> Path:
    """Refuse an output name before any file is read: a known suffix, a file that may be
    written (:func:`check_output`), none of ``protect`` (the assessments read)."""
    if path.suffix.lower() not in formats:
        raise AssessmentError(f"{path}: {what} is written as {' or '.join(formats)}; give a name ending in one")
    return check_output(path, protect)


def output_language(scale: Scale, lang: str | None) -> str:
    """``lang``, or the scale's first language the workbook has texts in; it must be both."""
    usable = [code for code in scale.languages if code in locales()]
    chosen = lang or (usable[0] if usable else scale.languages[0])
    if chosen not in usable:
        raise AssessmentError(
            f"benchmark: cannot write in '{chosen}': the scale '{scale.id}' and the workbook "
            f"share {', '.join(usable) or 'no language'} only"
        )
    return chosen


def _about(bench: Benchmark, lang: str) -> list[str]:
    return [
        t(
            lang,
            "benchmark.used",
            organisations=bench.organisations,
            files=bench.files,
            skipped=bench.skipped,
            replaced=bench.replaced,
        ),
        t(lang, "benchmark.privacy", k=bench.k),
        t(lang, "benchmark.method"),
    ]


def _cells(figure: Figure, bench: Benchmark, lang: str) -> list[str] | str:
    """N, median and quartiles; for a suppressed figure the one sentence saying why."""
    if figure.suppressed:
        return n_text(figure, bench, lang)
    return [str(figure.n), number(figure.median, lang), quartiles(figure, lang)]


def pdf_bytes(bench: Benchmark, scale: Scale, lang: str) -> bytes:
    catalogue = default_catalogue()
    labels = {k: v for k, v in locale(lang).strings.items() if k.startswith("benchmark.")}
    labels["report.page"] = t(lang, "report.page")
    levels_key = " · ".join(f"{lv.level}\N{NO-BREAK SPACE}{lv.name(lang)}" for lv in scale.levels)
    with tempfile.TemporaryDirectory(prefix="assessment-benchmark-") as tmp:
        folder = Path(tmp)
        groups = []
        for i, g in enumerate(bench.groups):
            save_figure(heatmap_figure(bench, g, scale, lang), folder / f"heatmap-{i}.svg")
            groups.append(
                {
                    "name": group_name(g, catalogue, lang),
                    "note": group_note(g, catalogue, lang),
                    "count": f"N = {g.organisations}",
                    "heatmap": f"heatmap-{i}.svg",
                    "rows": [
                        {
                            "item": item_name(r.item, scale, lang),
                            "measures": [_cells(r.current, bench, lang), _cells(r.desired, bench, lang)],
                        }
                        for r in g.rows
                    ],
                }
            )
        data: dict[str, Any] = {
            "lang": lang,
            "labels": labels,
            "title": t(lang, "benchmark.title"),
            "subtitle": t(lang, "benchmark.subtitle", scale=scale.name(lang), version=bench.scale_version),
            "about": _about(bench, lang),
            "nothing": None if bench.groups else t(lang, "benchmark.nothing", k=bench.k),
            "overview": [
                {
                    "name": group_name(g, catalogue, lang),
                    "note": group_note(g, catalogue, lang),
                    "organisations": str(g.organisations),
                }
                for g in bench.groups
            ],
            "levels_key": f"{t(lang, 'report.chart.levels')} {levels_key}",
            "groups": groups,
        }
        return compile_pdf(TEMPLATE, folder, data)


def _rows(bench: Benchmark, scale: Scale, lang: str) -> list[list[Any]]:
    catalogue = default_catalogue()
    rows = []
    for g in bench.groups:
        for r in g.rows:
            for measure in ("current", "desired"):
                f: Figure = getattr(r, measure)
                shares = f.shares if f.shares and not f.suppressed else [None] * len(scale.numbers)
                rows.append(
                    [
                        group_name(g, catalogue, lang),
                        item_name(r.item, scale, lang),
                        t(lang, f"benchmark.heatmap.{measure}"),
                        n_text(f, bench, lang) if f.suppressed else f.n,
                        f.median,
                        f.q1,
                        f.q3,
                        *shares,
                    ]
                )
    return rows


def xlsx_bytes(bench: Benchmark, scale: Scale, lang: str) -> bytes:
    """Three sheets: about (the counts and the k rule), the groups, and every figure."""
    catalogue = default_catalogue()
    book = Workbook()
    book.remove(book.active)
    book.properties.title = t(lang, "benchmark.title")
    book.properties.creator = "Dialogue maturity workbook"
    by = t(lang, f"benchmark.by.{bench.by}")
    sheets: list[tuple[str, list[str], list[list[Any]]]] = [
        (
            "benchmark.sheet.about",
            ["benchmark.about", "benchmark.field.value"],
            [
                [t(lang, "benchmark.field.scale"), scale.name(lang)],
                [t(lang, "benchmark.field.scale_version"), bench.scale_version],
                [t(lang, "benchmark.organisations"), bench.organisations],
                [t(lang, "benchmark.field.files"), bench.files],
                [t(lang, "benchmark.field.skipped"), bench.skipped],
                [t(lang, "benchmark.field.replaced"), bench.replaced],
                [t(lang, "benchmark.field.k"), bench.k],
                [t(lang, "benchmark.field.by"), by],
                *([text, ""] for text in _about(bench, lang)[1:]),
                *([[t(lang, "benchmark.nothing", k=bench.k), ""]] if not bench.groups else []),
            ],
        ),
        (
            "benchmark.sheet.groups",
            ["benchmark.group", "benchmark.organisations", "benchmark.groups"],
            [[group_name(g, catalogue, lang), g.organisations, group_note(g, catalogue, lang)] for g in bench.groups],
        ),
        (
            "benchmark.sheet.levels",
            [
                "benchmark.group",
                "benchmark.item",
                "benchmark.measure",
                "benchmark.n",
                "benchmark.median",
                "benchmark.q1",
                "benchmark.q3",
            ],
            _rows(bench, scale, lang),
        ),
    ]
    for key, header_keys, rows in sheets:
        headers = [t(lang, h) for h in header_keys]
        if key == "benchmark.sheet.levels":
            headers += [t(lang, "benchmark.share_at", number=n) for n in scale.numbers]
        sheet = book.create_sheet(sheet_title(t(lang, key)))
        for r, values in enumerate([headers, *rows], start=1):
            for c, value in enumerate(values, start=1):
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
                if isinstance(value, float) and c > len(header_keys):
                    cell.number_format = "0%"
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if r == 1:
                    cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for c in range(1, len(headers) + 1):
            sheet.column_dimensions[get_column_letter(c)].width = (
                60 if (key == "benchmark.sheet.about" and c == 1) else 18
            )
        if key == "benchmark.sheet.levels" and rows:
            first, last = get_column_letter(len(header_keys) + 1), get_column_letter(len(headers))
            sheet.conditional_formatting.add(
                f"{first}2:{last}{len(rows) + 1}",
                ColorScaleRule(
                    start_type="num",
                    start_value=0,
                    start_color="FFFFFF",
                    end_type="num",
                    end_value=1,
                    end_color="0072B2",
                ),
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_benchmark(bench: Benchmark, scale: Scale, path: Path, lang: str) -> Path:
    """Write ``bench`` as the format ``path``'s suffix names."""
    suffix = check_out(path, FORMATS, "a benchmark").suffix.lower()
    if suffix == ".json":
        return write_output(path, (bench.model_dump_json(indent=2) + "\n").encode("utf-8"))
    if suffix == ".xlsx":
        return write_output(path, xlsx_bytes(bench, scale, lang))
    return write_output(path, pdf_bytes(bench, scale, lang))


def flat_table(collected: Collected, bench: Benchmark, lang: str) -> pd.DataFrame:
    """One row per organisation × item, as the figures were made from: no id, no name, the
    organisation's type replaced by its group (so no group under k), organisations numbered
    in an order that says nothing about them (a hash of their ids)."""
    table = collected.table
    catalogue = default_catalogue()
    shown = {str(t_): _group_of(str(t_), bench) for t_ in table["type"].cat.categories} if bench.groups else {}
    keep = table[table["type"].astype(str).isin(shown)]
    groups = {g.id: g for g in bench.groups}
    ranked = sorted(keep["org"].unique(), key=lambda o: hashlib.sha256(collected.ids[o].encode()).hexdigest())
    number_of = {org: i + 1 for i, org in enumerate(ranked)}
    scale = collected.scale
    group_ids = keep["type"].astype(str).map(shown)
    return (
        pd.DataFrame(
            {
                "organisation": keep["org"].map(lambda o: f"org-{number_of[o]:05d}").astype("string"),
                "group": group_ids.astype("string"),
                "group_name": group_ids.map(lambda g: group_name(groups[g], catalogue, lang)).astype("string"),
                "kind": keep["item"]
                .astype(str)
                .map(lambda i: "dialogue_level" if i == DIALOGUE else "area")
                .astype("string"),
                "area": keep["item"].astype(str).map(lambda i: "" if i == DIALOGUE else i).astype("string"),
                "area_name": keep["item"].astype(str).map(lambda i: item_name(i, scale, lang)).astype("string"),
                "current": keep["current"],
                "desired": keep["desired"],
                "scale": pd.Series([scale.id] * len(keep), dtype="string", index=keep.index),
                "scale_version": pd.Series([scale.version] * len(keep), dtype="string", index=keep.index),
            }
        )
        .sort_values(["organisation"], kind="stable")
        .reset_index(drop=True)
    )


def _group_of(org_type: str, bench: Benchmark) -> str:
    """The group an organisation of ``org_type`` is shown in: its type's, the pool's, or all."""
    for g in bench.groups:
        if g.id == org_type or org_type in g.types:
            return g.id
    return ALL


def write_table(collected: Collected, bench: Benchmark, path: Path, lang: str) -> Path:
    """The flat table as Parquet (pyarrow) or as plain UTF-8 CSV for a data platform."""
    suffix = check_out(path, TABLE_FORMATS, "the table").suffix.lower()
    table = flat_table(collected, bench, lang)
    buffer = io.BytesIO()
    if suffix == ".parquet":
        table.to_parquet(buffer, index=False, engine="pyarrow")
    else:
        table.to_csv(buffer, index=False, encoding="utf-8")
    return write_output(path, buffer.getvalue())
