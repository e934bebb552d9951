"""Reading YAML data files safely, keeping the line of every value.

Scale and catalogue files are written by people, so every error must point at a line.
ruamel.yaml's round-trip loader records positions and refuses duplicate keys; it never
constructs arbitrary Python objects.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..errors import AssessmentError
from ..files.reading import MiB, read_named_file

Loc = tuple[str | int, ...]
MAX_FILE_BYTES = 5 * MiB  # a large scale is 100 kB
# With aliases expanded, at most: a large scale holds a few thousand values and 100 kB of text
MAX_VALUES = 200_000
MAX_TEXT = 20 * MiB


class SourceDoc:
    """A parsed YAML document: plain Python data plus a way to find a value's line."""

    def __init__(self, path: Path, tree: Any) -> None:
        self.path = path
        self.tree = tree
        try:
            self.data = _plain(tree, _Budget(), 1)
        except _TooLarge as exc:
            raise AssessmentError(
                f"{path}:{exc.line}: more than {exc.what} once its aliases (*name) are expanded; "
                "no scale or catalogue is this large"
            ) from None

    def line_of(self, loc: Loc) -> int:
        """The 1-based line of the deepest part of ``loc`` that exists in the file."""
        node = self.tree
        line = 1
        for part in loc:
            if isinstance(node, CommentedMap):
                key = _matching_key(node, part)
                if key is None:
                    break
                line = _key_line(node, key, line)
                node = node[key]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                line = node.lc.item(part)[0] + 1
                node = node[part]
            else:
                break
        return line

    def error(self, loc: Loc, message: str) -> str:
        """A problem formatted the one way users see it: ``FILE:LINE: field.path: message``."""
        path = ".".join(str(p) for p in loc) or "(document)"
        return f"{self.path}:{self.line_of(loc)}: {path}: {message}"


def _matching_key(node: CommentedMap, part: str | int) -> Any:
    if part in node:
        return part
    for key in node:  # YAML may hold 3 where the model's path says "3"
        if str(key) == str(part):
            return key
    return None


def _key_line(node: CommentedMap, key: Any, default: int) -> int:
    """The 1-based line of ``key`` in ``node``; a key merged in with ``<<: *name`` has none
    there, so ``default`` (the line of the map's own key) stands in."""
    position = node.lc.data.get(key)
    return position[0] + 1 if position else default


class _TooLarge(Exception):
    def __init__(self, line: int, what: str) -> None:
        self.line = line
        self.what = what


class _Budget:
    """What the plain data may hold, counted as it is built. Aliases let a short file stand
    for an endless one (a "billion laughs" file, or one long text referred to thousands of
    times), which must not stall the workbook."""

    def __init__(self) -> None:
        self.values = MAX_VALUES
        self.text = MAX_TEXT

    def spend(self, node: Any, line: int) -> None:
        self.values -= 1
        if isinstance(node, str):
            self.text -= len(node)
        if self.values < 0:
            raise _TooLarge(line, f"{MAX_VALUES:,} values")
        if self.text < 0:
            raise _TooLarge(line, f"{MAX_TEXT // MiB} MB of text")


def _plain(node: Any, budget: _Budget, line: int) -> Any:
    """Plain data (dicts, lists, str …) from the round-trip tree, within ``budget``; ``line``
    is the line of the key under which ``node`` is used (an alias has no line of its own)."""
    budget.spend(node, line)
    if isinstance(node, CommentedMap):
        return {k: _plain(v, budget, _key_line(node, k, line)) for k, v in node.items()}
    if isinstance(node, CommentedSeq):
        return [_plain(v, budget, line) for v in node]
    if isinstance(node, str):
        return str(node)
    return node


def read_source(path: Path) -> bytes:
    """The bytes of a data file, or a one-line :class:`AssessmentError` saying why not."""
    return read_named_file(path, MAX_FILE_BYTES, "a scale or catalogue")


def read_yaml(path: Path, raw: bytes | None = None) -> SourceDoc:
    """Parse ``path`` (or its already read ``raw`` bytes); any problem becomes a one-line
    :class:`AssessmentError` with a line."""
    if raw is None:
        raw = read_source(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AssessmentError(f"{path}: not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        tree = yaml.load(text)
    except DuplicateKeyError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        raise AssessmentError(f"{path}:{line}: duplicate key: {_first_line(exc.problem)}") from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise AssessmentError(f"{path}:{line}: YAML syntax: {_first_line(exc.problem or exc.context)}") from None
    except YAMLError as exc:
        raise AssessmentError(f"{path}: YAML syntax: {_first_line(str(exc))}") from None
    except RecursionError:
        raise AssessmentError(f"{path}: nested too deeply to be a scale or catalogue") from None
    if not isinstance(tree, CommentedMap):
        raise AssessmentError(f"{path}:1: (document): expected a mapping of keys to values")
    return SourceDoc(path, tree)


def _first_line(text: str | None) -> str:
    return (text or "invalid").strip().splitlines()[0]
