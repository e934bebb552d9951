"""The ``assessment workshop`` commands: serve the room, write and read voting sheets.

``assessment workshop FILE [--host HOST] [--port PORT] [--base-url URL] [--survey [--until DATE]]``
prints the join address (with its token) as the first line on standard output and serves
until stopped (Ctrl-C, or the consultant ending the workshop from the notebook).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import Sequence
from datetime import date, datetime, time, timezone
from pathlib import Path

from ..errors import AssessmentError

SUBCOMMANDS = ("sheet", "import")


def routed(argv: Sequence[str]) -> list[str]:
    """``workshop sheet …`` and ``workshop import …`` as commands of their own (a plain
    ``workshop FILE`` takes the file as its first word)."""
    argv = list(argv)
    if len(argv) >= 2 and argv[0] == "workshop" and argv[1] in SUBCOMMANDS:
        return [f"workshop-{argv[1]}", *argv[2:]]
    return argv


def deadline(text: str) -> datetime:
    """``2026-05-01`` (the end of that day, here) or ``2026-05-01T12:00``, as an aware time."""
    try:
        if len(text) == 10:
            moment = datetime.combine(date.fromisoformat(text), time(23, 59, 59))
        else:
            moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date such as 2026-05-01 or 2026-05-01T12:00") from None
    return (moment if moment.tzinfo else moment.astimezone()).astimezone(timezone.utc)


def _serve(args: argparse.Namespace) -> int:
    from ..config import vote_base_url
    from ..document.workspace import is_shipped_example
    from ..server.app import Serving, serve
    from ..server.config import ServerConfig

    if is_shipped_example(Path(args.file)):
        raise AssessmentError(
            f"{args.file}: is a shipped example, which votes must not change; copy it and serve the copy"
        )

    config = ServerConfig(
        host=args.host,
        port=args.port,
        base_url=args.base_url or vote_base_url(),
        survey=args.survey,
        until=args.until,
        new_link=args.new_link,
        k=args.k,
        watch_stdin=args.watch_stdin,
    )

    def announce(serving: Serving) -> None:
        code = serving.room.box.doc.room.code
        print(serving.join_url, flush=True)
        print(f"short address: {serving.short_url}  code: {code}", flush=True)
        if config.host == "127.0.0.1" and not config.base_url:
            print("only this computer can join; let phones on the network join with --host 0.0.0.0", flush=True)
        print("stop with Ctrl-C (or end the workshop in the notebook)", flush=True)

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how a terminal stops it
        asyncio.run(serve(args.file, config, announce))
    return 0


def _service(args: argparse.Namespace) -> int:
    from ..server.hub import run_service

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run_service())
    return 0


def _sheet(args: argparse.Namespace) -> int:
    from ..document.context import open_assessment
    from .sheets import write_sheets

    for path in write_sheets(open_assessment(args.file), args.out, lang=args.lang, only=args.participant or None):
        print(f"wrote {path}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from .sheets import import_sheets

    if not args.sheets:
        raise AssessmentError("workshop import: give the returned sheets (.xlsx) after the assessment file")
    count = import_sheets(args.file, args.sheets)
    print(
        f"imported {count} vote{'s' if count != 1 else ''} from {len(args.sheets)} sheet"
        f"{'s' if len(args.sheets) != 1 else ''} into {args.file}"
    )
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register ``workshop``, ``workshop sheet`` and ``workshop import``."""
    p = sub.add_parser(
        "workshop",
        help="serve the workshop room: phones vote; also 'workshop sheet' and 'workshop import'",
        description="Serve the workshop room; prints the join address first. "
        "Also: 'assessment workshop sheet FILE --out DIR', 'assessment workshop import FILE SHEET...'",
    )
    p.set_defaults(run=_serve)
    p.add_argument("file")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this computer only; 0.0.0.0 lets phones on the network join)",
    )
    p.add_argument("--port", type=int, default=0, help="port (default: any free one)")
    p.add_argument(
        "--base-url",
        help="public address of the server behind a proxy (default: the vote_url setting, $DIALOGUE_WORKBOOK_VOTE_URL)",
    )
    p.add_argument("--survey", action="store_true", help="open every item at once, as a survey before the workshop")
    p.add_argument(
        "--until", type=deadline, metavar="DATE", help="with --survey: take no vote after this date (or date and time)"
    )
    p.add_argument("--k", type=int, help="show a spread only when at least K people voted (default: the file's, 3)")
    p.add_argument("--new-link", action="store_true", help="make a new join link and code; the old ones stop working")
    p.add_argument("--watch-stdin", action="store_true", help=argparse.SUPPRESS)  # the notebook that started it
    p = sub.add_parser(
        "workshop-service",
        help="JupyterHub: the hub service that lets phones reach consultants' "
        "workshops (started by the hub; see deploy/jupyterhub/README.md)",
        description="Run as the JupyterHub service 'workshop': phones join a consultant's workshop "
        "by its link without a hub login; consultants register with their hub login.",
    )
    p.set_defaults(run=_service)
    p = sub.add_parser("workshop-sheet", description="write one voting sheet (.xlsx) per participant")
    p.set_defaults(run=_sheet)
    p.add_argument("file")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write the sheets into")
    p.add_argument(
        "--lang", help="language of the sheets (default: the one a participant chose on a phone, else the assessment's)"
    )
    p.add_argument("--participant", action="append", metavar="ID", help="only this participant (repeat for more)")
    p = sub.add_parser("workshop-import", description="read returned voting sheets; all or nothing")
    p.set_defaults(run=_import)
    p.add_argument("file")
    p.add_argument("sheets", nargs="*", type=Path, metavar="SHEET")


def main_argv(argv: Sequence[str] | None) -> list[str]:
    return routed(sys.argv[1:] if argv is None else argv)
