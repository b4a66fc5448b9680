"""Bounded reading of everything a user, a visitor or another program hands the advisor.

Every entry point (the command line, a batch, the app's uploads, the other side's file) reads its
files through this module, so one set of limits holds everywhere. A file that breaks a limit is
refused with a message saying which limit, where, and what is allowed, in bounded time and memory:
  - only regular files are opened (a FIFO or a device would block or never end);
  - the size is checked before reading, and reading stops at the limit whatever the file claims;
  - YAML aliases (&a / *a) are counted and the expanded document is measured, so a few hundred
    bytes cannot expand into gigabytes (the "billion laughs" bomb);
  - nesting depth, integer size and text length are bounded, so parsing and the checks after it
    neither recurse without end nor overflow a float;
  - a key given twice in one mapping is an error, not "the last one wins";
  - quoted values are shortened (`preview`), so a 2 MB value gives a one-line message.
Spreadsheet limits (rows, cells, unpacked size) are used by advisor.portfolio.inputs.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Limits:
    """How much one input may hold. Each bound is far above what a real assessment or portfolio
    needs (the numbers beside them) and low enough to be read in seconds and tens of megabytes."""

    file_bytes: int  # the file (or upload, or one JSON Lines line) as stored
    depth: int = 20  # nesting of lists and mappings; an assessment file needs 5
    aliases: int = 100  # YAML alias references (*name); assessment files need none
    # Values (YAML nodes), counted as they are parsed and again with aliases expanded. A full
    # assessment holds ~1,000; 50 items in each repeated section about 10,000. The bound also
    # bounds parsing: PyYAML's safe loader is pure Python (~20,000 values a second).
    values: int = 20_000
    integer_digits: int = 15  # the largest allowed answer is 1,000,000; floats are exact to 15
    text_chars: int = 100_000  # one text value; answers allow 5,000, evidence too
    rows: int = 1_000_000  # spreadsheet rows, blank ones included (60,000 firms is a big survey)
    cells_per_row: int = 2_000  # the template has ~100 columns, a wide export a few hundred
    cell_chars: int = 32_767  # Excel's own limit for one cell
    unzipped_bytes: int = 2_000_000_000  # an XLSX workbook's parts, unpacked
    unzip_ratio: int = 100  # unpacked / packed size of one XLSX part; real sheets stay under 30


ASSESSMENT_FILE = Limits(file_bytes=2_000_000)
BATCH_INPUT = Limits(file_bytes=1_000_000_000)
# An upload in the app: the size Streamlit accepts (.streamlit/config.toml, maxUploadSize = 2).
UPLOAD = Limits(file_bytes=2_000_000, rows=5_000, unzipped_bytes=10_000_000)

PREVIEW_CHARS = 60


class InputRefused(ValueError):
    """An input that breaks a limit or cannot be parsed; the message says what and where."""


def preview(value: Any, chars: int = PREVIEW_CHARS) -> str:
    """A value as JSON-like text of at most about `chars` characters, built without expanding
    more of it than is shown (a shared YAML structure may stand for gigabytes)."""
    pieces: list[str] = []
    budget = [chars]

    def put(text: str) -> bool:
        pieces.append(text[: max(budget[0], 0)])
        budget[0] -= len(text)
        return budget[0] > 0

    def walk(item: Any, depth: int) -> bool:
        if depth > 6:
            return put("…")
        if isinstance(item, dict):
            if not put("{"):
                return False
            for n, (key, val) in enumerate(item.items()):
                if (n and not put(", ")) or not put(f"{_scalar(key)}: ") or not walk(val, depth + 1):
                    return False
            return put("}")
        if isinstance(item, list | tuple | set | frozenset):
            if not put("["):
                return False
            for n, val in enumerate(item):
                if (n and not put(", ")) or not walk(val, depth + 1):
                    return False
            return put("]")
        return put(_scalar(item))

    complete = walk(value, 0)
    text = "".join(pieces)
    return text if complete and len(text) <= chars else text[:chars] + "…"


def _scalar(item: Any) -> str:
    if isinstance(item, str):
        return json.dumps(item[: PREVIEW_CHARS + 1], ensure_ascii=False)
    if isinstance(item, bool) or item is None:
        return json.dumps(item)
    if isinstance(item, int) and abs(item) >= 10**PREVIEW_CHARS:
        return f"a number of {len(str(abs(item)))} digits" if item.bit_length() < 14_000 else "a huge number"
    return str(item)


def shorten(text: str, chars: int = PREVIEW_CHARS) -> str:
    return text if len(text) <= chars else text[:chars] + "…"


# ---------------------------------------------------------------- files


def read_bytes(path: Path, limits: Limits) -> bytes:
    """A regular file's bytes, refusing FIFOs, devices and folders, and files over the limit.
    O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise InputRefused("cannot be read: it is a folder, not a regular file") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputRefused(f"cannot be read: it is {_kind(info.st_mode)}, not a regular file")
        if info.st_size > limits.file_bytes:
            raise InputRefused(f"file is {info.st_size} bytes; the limit is {limits.file_bytes}")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limits.file_bytes + 1)
    finally:
        os.close(fd)
    if len(data) > limits.file_bytes:  # it grew while being read
        raise InputRefused(f"file is over the limit of {limits.file_bytes} bytes")
    return data


def check_regular(path: Path) -> None:
    """Refuse anything but a regular file or folder (following links) before it is opened."""
    info = path.stat()
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
        raise InputRefused(f"cannot be read: it is {_kind(info.st_mode)}, not a regular file")


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return name
    return "not a plain file"


def decode_text(data: bytes) -> str:
    """UTF-8 text, with or without a byte-order mark (Windows editors add one)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputRefused(
            f"not UTF-8 text (line {line}, byte {exc.start}); save the file as UTF-8"
        ) from None
    return text.removeprefix("\ufeff")


# ---------------------------------------------------------------- YAML and JSON


def parse_structured(text: str, suffix: str, limits: Limits) -> Any:
    """YAML, or JSON for a `.json` suffix (JSON is also YAML, but JSON's own parser is faster and
    its errors point at the column), with every limit checked."""
    data = parse_json(text, limits) if suffix.lower() == ".json" else parse_yaml(text, limits)
    check_tree(data, limits)
    return data


def parse_json(text: str, limits: Limits) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                raise InputRefused(f"key '{shorten(key)}' appears twice in one object; keep one")
            result[key] = value
        return result

    try:
        return json.loads(text, object_pairs_hook=pairs, parse_int=lambda s: _integer(s, limits, int))
    except json.JSONDecodeError as exc:
        raise InputRefused(
            f"cannot be parsed: not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise InputRefused(f"nested deeper than {limits.depth} levels of lists and objects") from None


def _integer(digits: str, limits: Limits, convert: Any) -> int:
    plain = digits.lstrip("+-").replace("_", "")
    if len(plain.lstrip("0")) > limits.integer_digits:
        raise InputRefused(
            f"a number of {len(plain)} digits ({shorten(digits, 20)}); "
            f"numbers may have at most {limits.integer_digits} digits"
        )
    return convert(digits)


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader (plain data only) that counts aliases, bounds depth and integers, and
    refuses duplicate keys, each with the line it found them on."""

    limits: Limits = ASSESSMENT_FILE

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0
        self._values = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > self.limits.aliases:
                raise InputRefused(
                    f"more than {self.limits.aliases} aliases (*name) {_at(self.peek_event().start_mark)}; "
                    "write the values out"
                )
        self._values += 1
        if self._values > self.limits.values:
            raise InputRefused(
                f"holds more than {self.limits.values:,} values {_at(self.peek_event().start_mark)}"
            )
        self._depth += 1
        if self._depth > self.limits.depth:
            raise InputRefused(
                f"nested deeper than {self.limits.depth} levels {_at(self.peek_event().start_mark)}"
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.setdefault(key, key_node)
            except TypeError:  # an unhashable key: construct_mapping reports it
                continue
            if first is not key_node:
                raise InputRefused(
                    f"key '{shorten(str(key))}' appears twice in one mapping "
                    f"({_at(first.start_mark)} and {_at(key_node.start_mark)}); keep one"
                )
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        return _integer(
            str(node.value), self.limits, lambda _: super(_BoundedLoader, self).construct_yaml_int(node)
        )


_BoundedLoader.add_constructor("tag:yaml.org,2002:int", _BoundedLoader.construct_yaml_int)


def _at(mark: Any) -> str:
    return f"at line {mark.line + 1}" if mark is not None else ""


def parse_yaml(text: str, limits: Limits) -> Any:
    loader_class = type("Loader", (_BoundedLoader,), {"limits": limits})
    loader = None
    try:
        loader = loader_class(text)  # its reader already refuses control characters such as NUL
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputRefused(
            f"cannot be parsed: not valid YAML: {shorten(str(what), 120)} {_at(mark)}".strip()
        ) from None
    except RecursionError:
        raise InputRefused(f"nested deeper than {limits.depth} levels") from None
    finally:
        if loader is not None:
            loader.dispose()


def check_tree(data: Any, limits: Limits) -> None:
    """Walk parsed data (or data built in memory, e.g. by a form) and refuse what breaks a limit:
    depth, the number of values with aliases expanded, text length. (Integers are bounded by the
    parsers; in memory a big one is merely out of its question's range.) Iterative, and
    stops at the first excess, so a shared structure standing for gigabytes costs little. Where a
    value sits is kept as a link to its parent and spelled out only for a refusal: every batch
    row passes through here."""
    stack: list[tuple[Any, int, _Trail]] = [(data, 0, None)]
    count = 0
    while stack:
        item, depth, trail = stack.pop()
        count += 1
        if count > limits.values:
            raise InputRefused(
                f"holds more than {limits.values:,} values (YAML aliases are counted each time they are used)"
            )
        if depth > limits.depth:
            raise InputRefused(f"{_name(trail)}nested deeper than {limits.depth} levels")
        if isinstance(item, dict):
            for key, value in item.items():
                if isinstance(key, str) and len(key) > limits.text_chars:
                    raise InputRefused(f"{_name(trail)}a key of {len(key):,} characters")
                stack.append((value, depth + 1, (trail, key)))
        elif isinstance(item, list | tuple):
            stack.extend((value, depth + 1, (trail, n)) for n, value in enumerate(item))
        elif isinstance(item, str) and len(item) > limits.text_chars:
            raise InputRefused(
                f"{_name(trail)}a text of {len(item):,} characters; the limit is {limits.text_chars:,}"
            )


# Where a value sits: (its parent's trail, its key or list index); None at the top.
_Trail = tuple[Any, Any] | None


def _name(trail: _Trail) -> str:
    """The trail as a path ("answers.cap_sensing[2]: "), keys shortened; empty at the top."""
    steps: list[Any] = []
    while trail is not None:
        trail, step = trail
        steps.append(step)
    path = ""
    for step in reversed(steps):
        if isinstance(step, int):
            path += f"[{step}]"
        else:
            key = shorten(str(step), 40)
            path = f"{path}.{key}" if path else key
    return f"{path}: " if path else ""
