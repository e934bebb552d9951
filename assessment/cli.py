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
    opened = create_assessment(args.out, args.scale, args.org, args.type, args.lang)
    print(f"created {opened.file.path} for '{opened.doc.organisation.name}' on scale '{opened.scale.id}'")
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
    p.add_argument("--out", required=True, help="the new assessment file (.json)")
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
