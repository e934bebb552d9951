"""The ``assessment`` command: everything the notebooks do, from a terminal or a script.

Errors are one line on stderr and a non-zero exit code; never a traceback.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import get_args

from . import incidents
from .data.scale import load_scale, write_scale_schema
from .document import privacy
from .document.context import Opened, create_assessment, open_assessment
from .document.model import ActionStatus
from .document.store import load
from .errors import AssessmentError, ValidationFailed
from .files.filenames import safe_file_stem
from .workshop.commands import add_commands as add_workshop_commands
from .workshop.commands import main_argv as workshop_argv

EXIT_INVALID = 1
EXIT_ERROR = 2
EXIT_INTERNAL = 3


def _previous_option(p: argparse.ArgumentParser) -> None:
    """``--previous``, for every output that can show the progress since an earlier assessment."""
    p.add_argument(
        "--previous",
        action="append",
        metavar="FILE",
        help="an earlier assessment of the organisation to "
        "compare with, besides those a follow-up keeps (repeat for several)",
    )


def _validate_scale(args: argparse.Namespace) -> int:
    scale = load_scale(args.path)
    print(
        f"{args.path}: valid scale '{scale.id}' {scale.version}: {len(scale.levels)} levels, "
        f"{len(scale.areas)} areas, languages {', '.join(scale.languages)}"
    )
    return 0


def _validate(args: argparse.Namespace) -> int:
    opened = open_assessment(args.file)
    doc = opened.doc
    print(f"{args.file}: valid assessment of '{doc.organisation.name}' on scale '{opened.scale.id}' ({doc.language})")
    return 0


def _new(args: argparse.Namespace) -> int:
    if args.previous:
        return _follow_up(args)
    if not (args.scale and args.org):
        raise AssessmentError("new: give --scale and --org, or --from PREVIOUS.json to follow up an assessment")
    out = Path(args.out)
    try:
        folder = out.is_dir()
    except OSError:  # a name too long for the file system: writing the file says so
        folder = False
    if folder:  # the file is named after the organisation, and stays inside the folder
        out = out / f"{safe_file_stem(args.org)}.json"
    opened = create_assessment(out, args.scale, args.org, args.type, args.lang)
    print(f"created {opened.file.path} for '{opened.doc.organisation.name}' on scale '{opened.scale.id}'")
    return 0


def _follow_up(args: argparse.Namespace) -> int:
    from .document.followup import create_follow_up, follow_up_stem

    if args.org or args.lang or args.type != "other":
        raise AssessmentError(
            "new --from: the organisation, its type and the language come from the previous "
            "assessment; leave out --org, --type and --lang"
        )
    out = Path(args.out)
    if out.is_dir():
        out = out / f"{follow_up_stem(load(args.previous))}.json"
    opened, notes = create_follow_up(out, args.previous, levels=args.levels, scale_id_or_path=args.scale)
    for note in notes:
        print(f"note: {note}")
    print(
        f"created {opened.file.path}: a follow-up of {args.previous} for '{opened.doc.organisation.name}' "
        f"on scale '{opened.scale.id}' {opened.scale.version}, levels {args.levels}"
    )
    return 0


def _with_previous(opened: Opened, previous: list[str] | None) -> Opened:
    """The assessment with the earlier files given by ``--previous`` added to its history."""
    if not previous:
        return opened
    from .document.followup import with_earlier

    return with_earlier(opened, previous)


def _export(args: argparse.Namespace) -> int:
    if not (args.xlsx or args.csv or args.html):
        raise AssessmentError("export: nothing to write; give --xlsx OUT, --csv DIR or --html OUT")
    from .outputs import export  # only here: spreadsheets and notebooks take a while to import

    opened = _with_previous(open_assessment(args.file), args.previous)
    _warn_doubtful_names(opened, args.anonymise)
    if args.xlsx:
        print(f"wrote {export.write_xlsx(opened, args.xlsx, anonymise=args.anonymise)}")
    if args.csv:
        for path in export.write_csv(opened, args.csv, anonymise=args.anonymise):
            print(f"wrote {path}")
    if args.html:
        from .ui.html_export import write_html  # the summary view, run as the notebook shipped with the package

        print(f"wrote {write_html(opened, args.html, anonymise=args.anonymise)}")
    return 0


def _warn_doubtful_names(opened: Opened, anonymise: bool) -> None:
    """The review before export: a line on stderr for each mention left as typed because it
    may or may not name someone who may not be named."""
    for doubt in privacy.review(opened, anonymise=anonymise):
        print(f"warning: {opened.file.path}: {doubt.path}: {doubt.message('en')}: {doubt.context}", file=sys.stderr)


def _report(args: argparse.Namespace) -> int:
    if not (args.pdf or args.docx):
        raise AssessmentError("report: nothing to write; give --pdf OUT, --docx OUT or both")
    if args.template and not args.docx:
        raise AssessmentError(f"{args.template}: a template is for the Word report; give --docx OUT too")
    from .outputs.report import write_pdf  # only here: the charts and the typst compiler take a while to import
    from .outputs.word import check_docx, write_docx

    bench = None
    if args.benchmark:
        from .benchmark.figures import load_benchmark

        bench = load_benchmark(args.benchmark)
    opened = _with_previous(open_assessment(args.file), args.previous)
    _warn_doubtful_names(opened, args.anonymise)
    options = {"lang": args.lang, "anonymise": args.anonymise, "logo": args.logo}
    if args.docx:
        check_docx(args.docx, args.template, args.logo)  # a bad template stops the PDF too
    if args.pdf:
        print(f"wrote {write_pdf(opened, args.pdf, benchmark=bench, **options)}")
    if args.docx:
        print(f"wrote {write_docx(opened, args.docx, template=args.template, benchmark=bench, **options)}")
    return 0


def _chart(args: argparse.Namespace) -> int:
    from .data.i18n import t
    from .outputs.analysis import previous_levels, vote_medians
    from .outputs.charts import check_chart_path, gap_figure, radar_figure, save_figure

    check_chart_path(Path(args.out))
    opened = open_assessment(args.file)
    compare, label = None, None
    if args.compare:
        compare, label = previous_levels(opened, open_assessment(args.compare)), t(opened.lang, "report.chart.previous")
    elif args.median:
        compare = {area: current for area, (current, _) in vote_medians(opened).items()}
        label = t(opened.lang, "report.chart.median")
    figure = radar_figure(opened, compare, label) if args.kind == "radar" else gap_figure(opened)
    print(f"wrote {save_figure(figure, args.out, opened.inputs)}")
    return 0


def _benchmark(args: argparse.Namespace) -> int:
    from .benchmark.collect import assessment_files, collect
    from .benchmark.disclosure import valid_k
    from .benchmark.figures import benchmark
    from .benchmark.outputs import FORMATS, TABLE_FORMATS, check_out, output_language, write_benchmark, write_table
    from .data.scale import resolve_scale

    k = valid_k(args.k)
    read = {path: "one of the assessments read" for path in assessment_files(args.paths)}
    out = check_out(Path(args.out), FORMATS, "a benchmark", read)
    table = check_out(Path(args.export_table), TABLE_FORMATS, "the table", read) if args.export_table else None
    scale = resolve_scale(args.scale) if args.scale else None
    collected = collect(args.paths, scale, skip=lambda line: print(f"skipped: {line}", file=sys.stderr))
    lang = output_language(collected.scale, args.lang)
    bench = benchmark(collected, k=k, by=args.by)
    print(
        f"used {bench.organisations} organisations from {bench.files} files ({bench.skipped} skipped, "
        f"{bench.replaced} replaced by a later follow-up)"
    )
    print(f"wrote {write_benchmark(bench, collected.scale, out, lang)}")
    if table is not None:
        print(f"wrote {write_table(collected, bench, table, lang)}")
    return 0


def _measure(args: argparse.Namespace) -> int:
    from .document.followup import add_measurement

    opened = open_assessment(args.file)
    m = add_measurement(opened.doc, args.kpi, args.date, args.value, args.period or "", args.note or "")
    opened.file.save(opened.doc)
    print(f"{args.file}: KPI {args.kpi}: recorded {m.value:g} on {m.date.isoformat()} ({m.id})")
    return 0


def _action_status(args: argparse.Namespace) -> int:
    from .document.followup import set_action_status

    opened = open_assessment(args.file)
    action = set_action_status(opened.doc, args.id, args.status, args.date or date.today(), args.note)
    opened.file.save(opened.doc)
    print(f"{args.file}: action {action.id}: {action.status} since {action.status_date}")
    return 0


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date as YYYY-MM-DD") from None


def _number(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"'{text}' is not a number")
    return value


def _schema(args: argparse.Namespace) -> int:
    write_scale_schema(Path(args.out))
    print(f"wrote {args.out}")
    return 0


def _config(args: argparse.Namespace) -> int:
    from .config import describe

    print("\n".join(describe()))
    return 0


def _workbook(args: argparse.Namespace) -> int:
    from .serve import jupyter

    return jupyter.workbook(args.folder, port=args.port, browser=not args.no_browser, allow_root=args.allow_root)


def _app(args: argparse.Namespace) -> int:
    from .serve import jupyter

    return jupyter.app(port=args.port, host=args.host, browser=not args.no_browser)


def _singleuser(args: argparse.Namespace) -> int:
    from .serve import jupyter

    return jupyter.singleuser(args.server_args)


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (1-65535)")
    return int(text)


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
    p = command("new", _new, "create a new assessment file, or the follow-up of an earlier one")
    p.add_argument(
        "--scale",
        help="built-in scale id or path to a scale file (with --from: default the previous one's, newest version)",
    )
    p.add_argument("--org", help="organisation name")
    p.add_argument("--type", default="other", help="organisation type id from the catalogue (default: other)")
    p.add_argument("--lang", help="language (default: the scale's first)")
    p.add_argument(
        "--out", required=True, help="the new assessment file (.json), or a folder to name it after the organisation"
    )
    p.add_argument(
        "--from",
        dest="previous",
        metavar="PREVIOUS",
        help="follow up this earlier assessment: carry over "
        "organisation, purposes, goals, KPIs and actions, and keep its levels to compare with",
    )
    p.add_argument(
        "--levels",
        choices=("empty", "previous"),
        default="empty",
        help="with --from: start the levels empty (default) or at the previous ones",
    )
    p = command("export", _export, "write the ratings, KPIs, actions and purposes as Excel or CSV, the summary as HTML")
    p.add_argument("file")
    p.add_argument("--xlsx", metavar="OUT", help="Excel workbook to write")
    p.add_argument("--csv", metavar="DIR", help="folder to write one CSV file per table into")
    p.add_argument("--html", metavar="OUT", help="HTML summary to write (runs the summary notebook)")
    p.add_argument("--anonymise", action="store_true", help="name no participant, whatever their consent")
    _previous_option(p)
    p = command("report", _report, "write the summary of an assessment as PDF, as an editable Word document, or both")
    p.add_argument("file")
    p.add_argument("--pdf", metavar="OUT", help="the PDF file to write")
    p.add_argument("--docx", metavar="OUT", help="the Word file to write (.docx)")
    p.add_argument(
        "--template",
        type=Path,
        metavar="TEMPLATE",
        help="Word template (.docx or .dotx) for --docx: "
        "its styles, header, footer and cover (default: the workbook's)",
    )
    p.add_argument("--lang", help="language of the report (default: the assessment's; must be one of the scale's)")
    p.add_argument("--anonymise", action="store_true", help="name no participant (nor the facilitator)")
    p.add_argument(
        "--logo", type=Path, metavar="IMAGE", help="logo for the cover page (.png, .jpg, .gif; .svg in the PDF only)"
    )
    p.add_argument(
        "--benchmark",
        metavar="BENCH",
        help="a benchmark .json: add the median of the organisations of its "
        "kind to the radar and the summary (PDF and Word)",
    )
    _previous_option(p)
    p = command("chart", _chart, "draw the radar or gap chart of an assessment as PNG, SVG or PDF")
    p.add_argument("file")
    p.add_argument("--out", required=True, help="the chart file: .png, .svg or .pdf")
    p.add_argument("--kind", choices=("radar", "gap"), default="radar", help="which chart (default: radar)")
    third = p.add_mutually_exclusive_group()
    third.add_argument("--compare", metavar="PREVIOUS", help="radar: add a previous assessment's current levels")
    third.add_argument("--median", action="store_true", help="radar: add the group median of the participants' votes")
    p = command("benchmark", _benchmark, "levels across many organisations, by type, never showing a group under k")
    p.add_argument(
        "paths", nargs="+", metavar="FOLDER_OR_FILE", help="assessment files, or folders searched for *.json"
    )
    p.add_argument("--out", required=True, help="the benchmark: .pdf, .xlsx, or .json (for report --benchmark)")
    p.add_argument("--by", choices=("type", "none"), default="type", help="group by organisation type (default) or not")
    p.add_argument(
        "--k", default="5", help="the smallest group of organisations a figure may show (default 5, at least 3)"
    )
    p.add_argument(
        "--export-table", metavar="FILE", help="also write the flattened, anonymised table: .parquet or .csv"
    )
    p.add_argument("--scale", help="the scale to report on (default: the one the first file names, newest version)")
    p.add_argument("--lang", help="language of the output (default: the scale's first)")
    p = command("measure", _measure, "record a KPI's measured value (for the follow-up)")
    p.add_argument("file")
    p.add_argument("--kpi", required=True, metavar="ID", help="the KPI's id")
    p.add_argument(
        "--date", required=True, type=_day, help="the day measured, or the last day of its period (YYYY-MM-DD)"
    )
    p.add_argument("--value", required=True, type=_number, help="the measured value")
    p.add_argument("--period", help="the period as the organisation names it, e.g. 'marts 2027'")
    p.add_argument("--note")
    p = command("action-status", _action_status, "set an action's status: not_started, in_progress, done, dropped")
    p.add_argument("file")
    p.add_argument("--id", required=True, help="the action's id")
    p.add_argument("--status", required=True, choices=get_args(ActionStatus))
    p.add_argument("--date", type=_day, help="when it changed (default today)")
    p.add_argument("--note")
    p = command("schema", _schema, "write the scale format's JSON Schema")
    p.add_argument("--out", required=True)
    command("config", _config, "show the configuration in force and where each setting comes from")
    p = command(
        "workbook",
        _workbook,
        "open JupyterLab at the start notebook in your workbook folder "
        "(the notebooks are copied there first, or refreshed after an upgrade)",
    )
    p.add_argument("folder", nargs="?", type=Path, help="the workbook folder (default: the workbook home)")
    p.add_argument("--port", type=_port, help="port to listen on (default: JupyterLab's choice)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.add_argument("--allow-root", action="store_true", help="let JupyterLab run as root (containers)")
    p = command("app", _app, "serve the workbook as an app with no code visible (Voilà)")
    p.add_argument("--port", type=_port, default=8866, help="port to listen on (default: 8866)")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this computer "
        "only; any other needs the token the server prints)",
    )
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p = command(
        "singleuser",
        _singleuser,
        "JupyterHub: a user's server on their workbook home, the notebooks refreshed first (see deploy/jupyterhub/)",
    )
    p.add_argument("server_args", nargs="*", metavar="-- OPTION", help="options for jupyterhub-singleuser, after --")
    add_workshop_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(workshop_argv(argv))
    try:
        return args.run(args)
    except AssessmentError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_INVALID if isinstance(exc, ValidationFailed) else EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        log = incidents.record(exc, f"running 'assessment {args.command}'")
        where = f"details in {log}" if log else "no log could be written"
        print(
            f"error: internal error in 'assessment {args.command}' (a fault in the workbook, not in your input): "
            f"{incidents.summary(exc)}; {where}",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
