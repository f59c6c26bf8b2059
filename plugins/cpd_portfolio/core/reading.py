"""Read one entry file: split the front matter, parse its YAML keeping line marks.

A file that cannot be read is not an exception: it comes back as findings.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import yaml

from .findings import ERROR, Finding

try:  # the C loader is about five times faster; fall back where libyaml is absent
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_BYTES = 5 * 1024 * 1024
MAX_FRONT_MATTER_CHARS = 200_000
MAX_DEPTH = 50

_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+")
# Characters YAML refuses in a document (libyaml's message gives no line): found here first.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")
_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_DECIMAL_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_EXPONENT_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)[eE][-+]?[0-9]+$")
_SCALAR_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_ALLOWED_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


@dataclass
class RawEntry:
    """An entry file whose front matter parsed: plain data plus the node tree for line numbers."""

    path: str  # as shown to the user
    rel: str  # relative to the entries folder, POSIX
    data: dict[str, object]
    node: yaml.MappingNode | None
    body: str
    body_line: int  # line of the file where the body starts
    findings: list[Finding] = field(default_factory=list)

    def locate(self, keys: Iterable[object], *, key: bool = False) -> tuple[int, int]:
        """File line and column of the value at `keys` (or of its key when `key`), as near as known."""
        node = self.node
        if node is None:
            return (1, 1)
        last = node
        last_key = None
        for k in keys:
            found = None
            if isinstance(node, yaml.MappingNode):
                for knode, vnode in node.value:
                    if isinstance(knode, yaml.ScalarNode) and knode.value == k:
                        found, last_key = vnode, knode
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(k, int) and k < len(node.value):
                found, last_key = node.value[k], None
            if found is None:
                break
            node = last = found
        target = last_key if key and last_key is not None else last
        return position(target.start_mark)


def key_label(key: str) -> str:
    """A field name as findings show it: quoted unless a plain word, so it cannot break the output line."""
    return key if _PLAIN_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def position(mark: yaml.Mark) -> tuple[int, int]:
    """File line and column (1-based) of a YAML mark in the front matter, which starts on line 2."""
    return (mark.line + 2, mark.column + 1)


def _line_column(text: str, index: int, first_line: int = 1) -> tuple[int, int]:
    return (text.count("\n", 0, index) + first_line, index - (text.rfind("\n", 0, index) + 1) + 1)


def decode(raw: bytes, path: str) -> tuple[str | None, list[Finding]]:
    """Bytes to text: UTF-8 (a byte order mark is dropped), newlines made \\n."""
    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            Finding(
                path,
                1,
                1,
                ERROR,
                "file",
                "this is not a text file (it holds NUL bytes): entries must be UTF-8 Markdown",
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        hint = "save the file as UTF-8"
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            hint = "the file is UTF-16: save it as UTF-8"
        return None, [
            Finding(
                path, line, column, ERROR, "file", f"not UTF-8 (byte 0x{raw[exc.start]:02x} cannot be read): {hint}"
            )
        ]
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, []


_DELIMITER = re.compile(r"^---[ \t]*$", re.MULTILINE)


def split_front_matter(text: str, path: str) -> tuple[str, str, int] | Finding:
    """Return (front matter, body, line where the body starts) or the reason there is none."""
    if not text.strip():
        return Finding(path, 1, 1, ERROR, "file", "the file is empty: start it with '---', the fields, then '---'")
    opening = _DELIMITER.match(text)
    if opening is None:
        return Finding(
            path,
            1,
            1,
            ERROR,
            "front matter",
            "no front matter: the file must start with a line '---', then the fields, then a line '---'",
        )
    start = opening.end() + 1
    closing = _DELIMITER.search(text, start)
    if closing is None:
        return Finding(
            path,
            1,
            1,
            ERROR,
            "front matter",
            "the front matter is never closed: add a line '---' after the last field",
        )
    front = text[start : closing.start()]
    body = text[closing.end() + 1 :]
    body_line = text.count("\n", 0, closing.start()) + 2
    return front, body, body_line


class _Converter:
    """Node tree to plain data, refusing what YAML allows but a CPD record must not hold."""

    def __init__(self, path: str, front: str) -> None:
        self.path = path
        self.front = front
        self.alias_reported = False
        self.findings: list[Finding] = []
        self.seen: set[int] = set()

    @staticmethod
    def tag(tag: str) -> str:
        return tag.replace("tag:yaml.org,2002:", "!!")

    def error(self, node: yaml.Node, where: str, message: str) -> None:
        line, column = position(node.start_mark)
        self.findings.append(Finding(self.path, line, column, ERROR, where, message))

    def convert(self, node: yaml.Node, where: str, depth: int = 0) -> object:
        if depth > MAX_DEPTH:
            self.error(node, where, f"nested more than {MAX_DEPTH} levels deep: flatten the value")
            return None
        if id(node) in self.seen:
            # The composer resolves an alias to the node it names: a second visit is an alias.
            self.alias(node, where)
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, where)
        if node.tag not in (_SEQ, _MAP):
            self.error(node, where or "front matter", f"YAML tag {self.tag(node.tag)} is not allowed: remove the tag")
            return None
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, f"{where}[{i}]", depth + 1) for i, item in enumerate(node.value)]
        return self.mapping(node, where, depth)

    def alias(self, node: yaml.Node, where: str) -> None:
        """Report an alias where it is written: the node tree only knows where its anchor is."""
        if not self.alias_reported:
            self.alias_reported = True
            for event in yaml.parse(self.front, Loader=_Loader):
                if isinstance(event, yaml.AliasEvent):
                    node = yaml.ScalarNode("", "", event.start_mark, event.end_mark)
                    break
            self.error(node, where, "YAML aliases (*name) are not allowed: write the value out in full")

    def mapping(self, node: yaml.MappingNode, where: str, depth: int) -> dict[str, object]:
        result: dict[str, object] = {}
        first_line: dict[str, int] = {}
        for knode, vnode in node.value:
            if knode.tag == "tag:yaml.org,2002:merge":
                self.error(knode, where or "front matter", "YAML merge keys (<<) are not allowed: write the fields out")
                continue
            if not isinstance(knode, yaml.ScalarNode) or knode.tag != _STR:
                shown = knode.value if isinstance(knode, yaml.ScalarNode) else "a list or mapping"
                self.error(
                    knode,
                    where or "front matter",
                    f"field name {shown!s} is not text: field names are words such as 'title'",
                )
                continue
            key = knode.value
            shown = key_label(key)
            child = f"{where}.{shown}" if where else shown
            if key in first_line:
                self.error(
                    knode,
                    child,
                    f"'{key}' is given twice (first on line {first_line[key]}): keep one, YAML would silently drop the other",
                )
                continue
            first_line[key] = knode.start_mark.line + 2
            result[key] = self.convert(vnode, child, depth + 1)
        return result

    def scalar(self, node: yaml.ScalarNode, where: str) -> object:
        tag = node.tag
        text = node.value
        if tag == _STR:
            if node.style is None and _EXPONENT_FLOAT.match(text):
                tag = "tag:yaml.org,2002:float"  # 1e3: a number in YAML 1.2, text to PyYAML
            else:
                return text
        if tag not in _ALLOWED_SCALAR_TAGS:
            self.error(node, where or "front matter", f"YAML tag {self.tag(tag)} is not allowed: remove the tag")
            return None
        if tag == "tag:yaml.org,2002:timestamp":
            # Kept as text so that the schema's date format applies, as check-jsonschema does.
            return text
        if tag == "tag:yaml.org,2002:bool" and text.lower() not in ("true", "false"):
            return text  # yes/no/on/off are words, not booleans (YAML 1.2)
        if tag == "tag:yaml.org,2002:int" and not _DECIMAL_INT.match(text):
            # YAML 1.1 reads 012345 as octal and 1:30 as base 60: keep what was written, as text.
            return text
        if tag == "tag:yaml.org,2002:float" and ":" in text:
            return text
        if tag == "tag:yaml.org,2002:int" and len(text) > 40:
            self.error(node, where, f"the number {text[:20]}... is too large: use a realistic number")
            return None
        value = _SCALAR_CONSTRUCTOR.construct_object(node) if tag != "tag:yaml.org,2002:float" else _float(text)
        if isinstance(value, float) and not math.isfinite(value):
            self.error(node, where, f"{text} is not a usable number: write a finite number such as 1.5")
            return None
        return value


def _float(text: str) -> float | str:
    """A YAML float, or the text as written when it is none (!!float abc): the schema then says so."""
    cleaned = text.replace("_", "").lower()
    if cleaned in (".nan", "+.nan", "-.nan") or cleaned.endswith(".inf"):
        return math.nan
    try:
        return float(cleaned)
    except ValueError:
        return text


def parse_front_matter(front: str, path: str) -> tuple[dict[str, object] | None, yaml.Node | None, list[Finding]]:
    """Parse YAML front matter into plain data; problems come back as findings with file lines."""

    def refuse(index: int, message: str) -> tuple[None, None, list[Finding]]:
        line, column = _line_column(front, index, first_line=2)
        return None, None, [Finding(path, line, column, ERROR, "front matter", message)]

    if len(front) > MAX_FRONT_MATTER_CHARS:
        return refuse(0, f"the front matter is over {MAX_FRONT_MATTER_CHARS:,} characters: keep long text in the body")
    if "\t" in front:
        # libyaml's own message for a tab is obscure; say it plainly, at the tab.
        return refuse(front.index("\t"), "a tab character: YAML indents with spaces, replace the tab with spaces")
    control = _CONTROL.search(front)
    if control:
        code = f"U+{ord(control.group()):04X}"
        if control.group() in _YAML_ONLY_BREAKS:
            # YAML would start a new line here where editors show none: every position after it would be off.
            message = f"a line separator character ({code}), which YAML reads as a new line: replace it with a space"
        else:
            message = f"a control character ({code}) is not allowed in the front matter: remove it"
        return refuse(control.start(), message)
    too_deep = _too_deep(front)
    if too_deep is not None:
        return refuse(too_deep, f"nested more than {MAX_DEPTH} levels deep: flatten the value")
    try:
        node = yaml.compose(front, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "end of stream" in (exc.problem or ""):
            mark = exc.context_mark  # an unclosed quote or bracket: point at where it opens
        line, column = position(mark) if mark else (2, 1)
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{exc.context}, {problem}"
        message = f"YAML syntax error: {problem} (check quoting and indentation)"
        return None, None, [Finding(path, line, column, ERROR, "front matter", message)]
    except yaml.YAMLError as exc:
        return refuse(0, f"YAML error: {str(exc).splitlines()[0]} (check the front matter)")
    except RecursionError:  # PyYAML's pure-Python loader recurses; libyaml's does not
        return refuse(0, f"nested too deeply to read: flatten the value (at most {MAX_DEPTH} levels)")
    if node is None:
        return {}, None, []
    if not isinstance(node, yaml.MappingNode):
        line, column = position(node.start_mark)
        message = "the front matter is not a set of fields: write one 'field: value' per line"
        return None, None, [Finding(path, line, column, ERROR, "front matter", message)]
    converter = _Converter(path, front)
    data = converter.convert(node, "")
    return data if isinstance(data, dict) else None, node, converter.findings


def _too_deep(front: str) -> int | None:
    """Where flow-style nesting passes MAX_DEPTH (it would recurse deeply in the composer), or None.

    Brackets inside quoted text and comments do not count.
    """
    if front.count("[") + front.count("{") <= MAX_DEPTH:
        return None
    depth = 0
    quote = ""
    i, n = 0, len(front)
    while i < n:
        ch = front[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 1
            elif ch == quote:
                if quote == "'" and front.startswith("''", i):
                    i += 1
                else:
                    quote = ""
        elif ch in "\"'" and (i == 0 or front[i - 1] in " \t\n[{,:-"):
            quote = ch
        elif ch == "#" and (i == 0 or front[i - 1] in " \t\n"):
            newline = front.find("\n", i)
            i = n if newline == -1 else newline
            continue
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return i
        elif ch in "]}":
            depth = max(0, depth - 1)
        i += 1
    return None


def read_entry(raw: bytes, path: str, rel: str) -> RawEntry | list[Finding]:
    """One file's bytes to a RawEntry, or the findings that say why it could not be read."""
    if len(raw) > MAX_BYTES:
        return [
            Finding(
                path,
                1,
                1,
                ERROR,
                "file",
                f"the file is over {MAX_BYTES // (1024 * 1024)} MB: keep large evidence out of entries' text",
            )
        ]
    text, problems = decode(raw, path)
    if text is None:
        return problems
    split = split_front_matter(text, path)
    if isinstance(split, Finding):
        return [split]
    front, body, body_line = split
    data, node, problems = parse_front_matter(front, path)
    if data is None:
        return problems
    mapping = node if isinstance(node, yaml.MappingNode) else None
    return RawEntry(path, rel, data, mapping, body, body_line, problems)
