"""The ``assessment`` command: everything the notebooks do, from a terminal or a script.

Errors are one line on stderr and a non-zero exit code; never a traceback.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .context import create_assessment, open_assessment
from .errors import AssessmentError, ValidationFailed
from .filenames import safe_file_stem
from .scale import load_scale, write_scale_schema

EXIT_INVALID = 1
EXIT_ERROR = 2


def _validate_scale(args: argparse.Namespace) -> int:
    scale = load_scale(args.path)
    print(f"{args.path}: valid scale '{scale.id}' {scale.version}: {len(scale.levels)} levels, "
          f"{len(scale.areas)} areas, languages {', '.join(scale.languages)}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    opened = open_assessment(args.file)
    doc = opened.doc
    print(f"{args.file}: valid assessment of '{doc.organisation.name}' on scale '{opened.scale.id}' ({doc.language})")
    return 0


def _new(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.is_dir():  # a folder: the file is named after the organisation, and stays inside it
        out = out / f"{safe_file_stem(args.org)}.json"
    opened = create_assessment(out, args.scale, args.org, args.type, args.lang)
    print(f"created {opened.file.path} for '{opened.doc.organisation.name}' on scale '{opened.scale.id}'")
    return 0


def _export(args: argparse.Namespace) -> int:
    if not (args.xlsx or args.csv or args.html):
        raise AssessmentError("export: nothing to write; give --xlsx OUT, --csv DIR or --html OUT")
    source = Path(args.file).resolve()
    for out in (args.xlsx, args.html):
        if out and Path(out).resolve() == source:
            raise AssessmentError(f"{out}: is the assessment file itself; choose another output name")
    from . import export  # only here: spreadsheets and notebooks take a while to import

    opened = open_assessment(args.file)
    if args.xlsx:
        print(f"wrote {export.write_xlsx(opened, args.xlsx, anonymise=args.anonymise)}")
    if args.csv:
        for path in export.write_csv(opened, args.csv, anonymise=args.anonymise):
            print(f"wrote {path}")
    if args.html:
        print(f"wrote {export.write_html(opened, args.html, anonymise=args.anonymise)}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from .report import write_pdf  # only here: the charts and the typst compiler take a while to import

    opened = open_assessment(args.file)
    print(f"wrote {write_pdf(opened, args.pdf, lang=args.lang, anonymise=args.anonymise, logo=args.logo)}")
    return 0


def _chart(args: argparse.Namespace) -> int:
    from .charts import check_chart_path, gap_figure, radar_figure, save_figure

    from .analysis import previous_levels, vote_medians
    from .i18n import t

    check_chart_path(Path(args.out))
    opened = open_assessment(args.file)
    compare, label = None, None
    if args.compare:
        compare, label = previous_levels(opened, open_assessment(args.compare)), t(opened.lang, "report.chart.previous")
    elif args.median:
        compare = {area: current for area, (current, _) in vote_medians(opened).items()}
        label = t(opened.lang, "report.chart.median")
    figure = radar_figure(opened, compare, label) if args.kind == "radar" else gap_figure(opened)
    print(f"wrote {save_figure(figure, args.out)}")
    return 0


def _schema(args: argparse.Namespace) -> int:
    write_scale_schema(Path(args.out))
    print(f"wrote {args.out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="assessment", description="Dialogue maturity workbook")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(run=run)
        return p

    p = command("validate-scale", _validate_scale, "check a scale file; lists every problem with its line")
    p.add_argument("path")
    p = command("validate", _validate, "check an assessment file against its scale")
    p.add_argument("file")
    p = command("new", _new, "create a new assessment file")
    p.add_argument("--scale", required=True, help="built-in scale id or path to a scale file")
    p.add_argument("--org", required=True, help="organisation name")
    p.add_argument("--type", default="other", help="organisation type id from the catalogue (default: other)")
    p.add_argument("--lang", help="language (default: the scale's first)")
    p.add_argument("--out", required=True, help="the new assessment file (.json), or a folder to name it after the organisation")
    p = command("export", _export, "write the ratings, KPIs, actions and purposes as Excel or CSV, the summary as HTML")
    p.add_argument("file")
    p.add_argument("--xlsx", metavar="OUT", help="Excel workbook to write")
    p.add_argument("--csv", metavar="DIR", help="folder to write one CSV file per table into")
    p.add_argument("--html", metavar="OUT", help="HTML summary to write (runs the summary notebook)")
    p.add_argument("--anonymise", action="store_true", help="name no participant, whatever their consent")
    p = command("report", _report, "write the PDF summary of an assessment")
    p.add_argument("file")
    p.add_argument("--pdf", metavar="OUT", required=True, help="the PDF file to write")
    p.add_argument("--lang", help="language of the report (default: the assessment's; must be one of the scale's)")
    p.add_argument("--anonymise", action="store_true", help="name no participant (nor the facilitator)")
    p.add_argument("--logo", type=Path, metavar="IMAGE", help="logo for the cover page (.png, .jpg, .gif or .svg)")
    p = command("chart", _chart, "draw the radar or gap chart of an assessment as PNG, SVG or PDF")
    p.add_argument("file")
    p.add_argument("--out", required=True, help="the chart file: .png, .svg or .pdf")
    p.add_argument("--kind", choices=("radar", "gap"), default="radar", help="which chart (default: radar)")
    third = p.add_mutually_exclusive_group()
    third.add_argument("--compare", metavar="PREVIOUS", help="radar: add a previous assessment's current levels")
    third.add_argument("--median", action="store_true", help="radar: add the group median of the participants' votes")
    p = command("schema", _schema, "write the scale format's JSON Schema")
    p.add_argument("--out", required=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except AssessmentError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_INVALID if isinstance(exc, ValidationFailed) else EXIT_ERROR
    except KeyboardInterrupt:
        return 130
