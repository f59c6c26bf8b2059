"""Read one entry file: split the front matter, parse its YAML keeping line marks.

A file that cannot be read is not an exception: it comes back as findings.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import yaml

from .findings import ERROR, Finding

try:  # the C loader is about five times faster; fall back where libyaml is absent
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_BYTES = 5 * 1024 * 1024
MAX_FRONT_MATTER_CHARS = 200_000
MAX_DEPTH = 50

_SCAN_AT_MOST = 16  # RawEntry.locate scans a mapping of up to this many fields; a larger one is indexed
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+")
# Characters YAML refuses in a document (libyaml's message gives no line): found here first.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")
_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")
_FLOW_START = (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)
_FLOW_END = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)
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
    # id of a large mapping node -> its field names (see _keys); the nodes live as long as the entry
    _key_index: dict[int, dict[object, tuple[yaml.Node, yaml.Node]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

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
                if len(node.value) > _SCAN_AT_MOST:
                    found, last_key = self._keys(node).get(k, (None, last_key))
                else:
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

    def _keys(self, node: yaml.MappingNode) -> dict[object, tuple[yaml.Node, yaml.Node]]:
        """A large mapping's field names, each to (value node, key node) of its first occurrence: made once, so
        that locating every one of thousands of fields does not scan them all each time."""
        index = self._key_index.get(id(node))
        if index is None:
            index = {}
            for knode, vnode in node.value:
                if isinstance(knode, yaml.ScalarNode):
                    index.setdefault(knode.value, (vnode, knode))
            self._key_index[id(node)] = index
        return index


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

    def __init__(self, path: str) -> None:
        self.path = path
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
            # The composer resolves an alias to the node it names: a second visit is an alias, which
            # _alias_findings reports where it is written. The node is not read twice (an alias bomb).
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
        if tag == "tag:yaml.org,2002:null":
            return None  # what the constructor gives, without its dispatch for each of thousands of `field:` lines
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
        tab = exc.problem_mark.index if exc.problem_mark is not None else -1
        if 0 <= tab < len(front) and front[tab] == "\t":
            # A tab where YAML allows none (in indentation): libyaml's message for it is obscure; say it plainly,
            # at the tab. Tabs YAML accepts (inside quoted or plain text, before a comment) are kept.
            return refuse(tab, "a tab character: YAML indents with spaces, replace the tab with spaces")
        at = exc.problem_mark.index if exc.problem_mark is not None else -1
        if "mapping values are not allowed" in (exc.problem or "") and 0 <= at < len(front) and front[at] == ":":
            # title: Audit: results. YAML reads the second ': ' as the start of a mapping: say to quote the value.
            return refuse(at, colon_in_value(front, at))
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
    converter = _Converter(path)
    data = converter.convert(node, "")
    findings = converter.findings
    if "*" in front and "&" in front:  # an alias (*name) needs an anchor (&name)
        findings = sorted([*findings, *_alias_findings(front, path)], key=lambda f: (f.line, f.column))
    return data if isinstance(data, dict) else None, node, findings


# A list item's dash; a ': ' or ':' at the end of a line, which YAML reads as a mapping's; a comment after a value.
_ITEM = re.compile(r"[ \t]*-[ \t]+")
_MAPPING_COLON = re.compile(r":(?=[ \t]|$)")
_COMMENT = re.compile(r"[ \t]+#.*$")
# The fields of items that are mappings (evidence, registrations): `- title: Cert: x` quotes the value of title.
_ITEM_FIELDS = {"path", "url", "title", "body", "number", "designation", "renewal"}
_EXAMPLE_CHARS = 60


def colon_in_value(front: str, index: int) -> str:
    """What to say of the colon at `index` that YAML refused ("mapping values are not allowed"): one followed by a
    space, or ending the line, inside a plain value, as in `title: Audit: results`. The example is the line itself
    with its value quoted, when it is short enough to show."""
    start = front.rfind("\n", 0, index) + 1
    end = front.find("\n", index)
    line = front[start : end if end >= 0 else len(front)]
    column = index - start
    what = "a colon followed by a space in a value" if line[column + 1 :].strip() else "a colon at the end of a value"
    example = 'title: "Audit: results"'
    item = _ITEM.match(line)
    lead = item.end() if item else len(line) - len(line.lstrip(" \t"))
    first = _MAPPING_COLON.search(line, lead)
    if first is None or first.start() >= column:
        # No field name before it on this line: the line goes on from the value above (it is indented under it).
        name = line[lead:column].strip()
        hint = ""
        if _PLAIN_KEY.fullmatch(name):
            hint = f", or, if '{name}' is a field of its own, line it up with the field above"
        return (
            f"YAML syntax error: {what} that goes on from the line above: put the whole value in quotes, "
            f"e.g. {example}{hint}"
        )
    key = line[lead : first.start()]
    value = _COMMENT.sub("", line[first.end() :]).strip()
    if item and key not in _ITEM_FIELDS:
        key, value = "", _COMMENT.sub("", line[lead:]).strip()  # - Learnt: MR safety is one item of text
    if len(value) <= _EXAMPLE_CHARS:
        quoted = json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
        example = ("- " if item else "") + (f"{key}: {quoted}" if key else quoted)
    return f"YAML syntax error: {what}: put the value in quotes, e.g. {example}"


_MERGED = object()  # the field name of what a merge key (<<) holds: its own finding covers it


def _alias_findings(front: str, path: str) -> list[Finding]:
    """One finding for each alias (*name), where it is written: the node tree knows only where its anchor is.

    Read from YAML's events, each alias is named by the field it stands for, as _Converter names fields; an alias
    used as a field name, or inside one, by the mapping that holds it.
    """
    findings: list[Finding] = []
    resolver = yaml.resolver.Resolver()
    # One frame for each open collection: [its field name, "map", "seq" or "one name" (a field name that is a
    # collection, or what a merge key holds: all inside is named as the frame), a key comes next, next item or field].
    stack: list[list] = []
    for event in yaml.parse(front, Loader=_Loader):
        if isinstance(event, yaml.CollectionEndEvent):
            stack.pop()
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue  # the stream's and document's own events
        one_name = False  # a collection opened here names all it holds as itself
        if not stack:
            where: object = ""
        else:
            frame = stack[-1]
            if frame[1] == "one name":
                one_name, where = True, frame[0]
            elif frame[1] == "seq":
                where = f"{frame[0]}[{frame[3]}]"
                frame[3] += 1
            elif frame[2]:  # a field name: what it holds is named after it
                one_name, frame[2], where = True, False, frame[0]
                frame[3] = _field_of(frame[0], event, resolver)
            else:
                frame[2], where = True, frame[3]
        if isinstance(event, yaml.AliasEvent):
            if where is not _MERGED:
                line, column = position(event.start_mark)
                message = "YAML aliases (*name) are not allowed: write the value out in full"
                findings.append(Finding(path, line, column, ERROR, str(where) or "front matter", message))
        elif isinstance(event, yaml.CollectionStartEvent):
            if one_name or where is _MERGED:
                form = "one name"
            else:
                form = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
            stack.append([where, form, True, 0])
    return findings


def _field_of(where: object, key: yaml.Event, resolver: yaml.resolver.Resolver) -> object:
    """The name of the field a key event opens, under `where`: the mapping's own name unless the key is text."""
    if not isinstance(key, yaml.ScalarEvent):
        return where
    tag = key.tag
    if tag is None or tag == "!":
        tag = resolver.resolve(yaml.ScalarNode, key.value, key.implicit)
    if tag == "tag:yaml.org,2002:merge":
        return _MERGED
    if tag != _STR:
        return where
    shown = key_label(key.value)
    return f"{where}.{shown}" if where else shown


def _too_deep(front: str) -> int | None:
    """Where flow-style nesting passes MAX_DEPTH (it would recurse deeply in the composer), or None.

    The brackets counted are those YAML's scanner reads as flow collections, so quoted and plain text, block
    scalars and comments never count; the scanner keeps no stack, however deep the nesting. A scanner error is
    left to the parse that follows, which reports it, unless the nesting passed MAX_DEPTH before it.
    """
    if front.count("[") + front.count("{") <= MAX_DEPTH:
        return None
    try:
        return _flow_too_deep(front)
    except yaml.MarkedYAMLError as exc:
        # libyaml reads ahead before it hands over tokens, and stops at its own limit (1,000 levels) with an
        # obscure message: the text before the error, read again, says where the nesting passed MAX_DEPTH.
        end = exc.problem_mark.index if exc.problem_mark is not None else 0
        if not 0 < end < len(front):
            return None
        try:
            return _flow_too_deep(front[:end])
        except yaml.YAMLError:
            return None
    except yaml.YAMLError:
        return None


def _flow_too_deep(text: str) -> int | None:
    """The index of the first flow collection nested more than MAX_DEPTH deep, by YAML's own scanner."""
    depth = 0
    scanner = _Loader(text)
    try:
        while scanner.check_token():
            token = scanner.get_token()
            if isinstance(token, _FLOW_START):
                depth += 1
                if depth > MAX_DEPTH:
                    return token.start_mark.index
            elif isinstance(token, _FLOW_END):
                depth -= 1
    finally:
        scanner.dispose()
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


@dataclass
class YamlFile:
    """A whole YAML data file (a scheme, a framework) read with the entries' parser: the data, and where each value
    is, as file lines (the front matter parser counts from the line after '---')."""

    data: dict[str, object] | None
    findings: list[Finding]
    _raw: RawEntry | None = None

    def locate(self, keys: Iterable[object], *, key: bool = False) -> tuple[int, int]:
        if self._raw is None:
            return (1, 1)
        line, column = self._raw.locate(keys, key=key)
        return (line - 1, column)


def parse_yaml_file(text: str, path: str) -> YamlFile:
    data, node, findings = parse_front_matter(text, path)
    shifted = [
        replace(f, line=max(1, f.line - 1), field="file" if f.field == "front matter" else f.field) for f in findings
    ]
    if data is None:
        return YamlFile(None, shifted)
    return YamlFile(data, shifted, RawEntry(path, path, data, node, "", 1))
