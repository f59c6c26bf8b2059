"""Bring an existing record in: one table of activities (CSV, XLSX, a DOCX table, or cpd's own export) as entries.

Reading finds the table (its heading row may be anywhere in the first rows; the first sheet or table that has
one), maps its columns to entry fields by their headings (core/importvalues.py holds the headings, the type words,
the date and duration forms), and turns each row into an entry's front matter and body, or into a reason it
cannot. Nothing is lost: a value that no field can hold (evidence that is not a file, an objective that does not
exist) is kept in the entry's text with a warning, and a row that cannot be read is reported with its number.
Writing never overwrites: a name that is taken gets a suffix. Each entry ends with a comment naming the file and
a key of the row's content, so that a second import of the same file skips the rows it already wrote.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .checking import EntriesRoot, check_entry, schema, web_address
from .entries import ACTIVITY_TYPES
from .export import COLUMNS as EXPORT_COLUMNS
from .export import FORMULA_STARTS, LIST_SEPARATOR
from .findings import Finding
from .importvalues import ValueProblem, heading_field, match_type, normal_heading, parse_dates, parse_hours
from .newentry import new_entry_path, slugify
from .reading import read_entry
from .validity import compile_schema, inline_refs

HEADER_SEARCH_ROWS = 20  # the heading row is looked for in this many first rows
MARKER = re.compile(r"<!-- cpd import: [^\n]*? \(key ([0-9a-f]{12})\)")
_TRUE = {"yes", "y", "true", "1", "x", "✓", "✔"}
_FALSE = {"no", "n", "false", "0", ""}
_LIST_SPLIT = re.compile(r"\s*(?:\n|;)\s*")
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s+")
TOTAL_WORDS = {"total", "totals", "sum", "grand total", "total hours"}


class ImportProblem(ValueError):
    """A file that cannot be imported at all: the message says why and what to do."""


@dataclass
class Table:
    source: str  # the file's name, as the report and the markers name it
    fields: list[str | None]  # the field of each column (None: not imported)
    headings: list[str]
    header_row: int
    rows: list[tuple[int, list[object]]]  # (row number as the file shows it, cells)
    export: bool = False  # cpd's own export: its defused cells are undone
    notes: list[str] = field(default_factory=list)


@dataclass
class Planned:
    row: int
    path: Path  # relative to the entries folder
    front: dict[str, object]
    body: str
    key: str
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return render_entry(self.front, self.body)


@dataclass
class Plan:
    table: Table
    planned: list[Planned]
    refused: list[tuple[int, str]]  # row, why
    skipped: list[tuple[int, str]]  # row, why (blank, total, already imported)


# --- reading -----------------------------------------------------------------------------------------------------


def _decode(raw: bytes) -> tuple[str, str | None]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), None
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "not UTF-8: read as Windows-1252, as Excel saves CSV on Windows"


def _csv_rows(path: Path) -> tuple[list[list[object]], list[str]]:
    text, note = _decode(path.read_bytes())
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    return rows, [note] if note else []


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[tuple[str, list[list[object]], list[str]]]:
    import openpyxl

    try:
        values = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportProblem(
            f"{path.name}: cannot be read as an .xlsx workbook ({exc.__class__.__name__}): "
            "save it from your spreadsheet as .xlsx or .csv"
        ) from None
    names = values.sheetnames
    if sheet is not None and sheet not in names:
        raise ImportProblem(f"{path.name} has no sheet '{sheet}': choose one of {', '.join(names)}")
    for name in [sheet] if sheet else names:
        rows, notes = [], []
        for r, (vrow, frow) in enumerate(zip(values[name].iter_rows(), formulas[name].iter_rows(), strict=False), 1):
            cells = []
            for vcell, fcell in zip(vrow, frow, strict=False):
                value = vcell.value
                written = fcell.value
                if value is None and isinstance(written, str) and written.startswith("="):
                    notes.append(
                        f"row {r}: a formula with no saved value ({written}): left empty; open the file in "
                        "your spreadsheet and save it, or type the value"
                    )
                cells.append(value)
            rows.append(cells)
        yield name, rows, notes


def _docx_tables(path: Path) -> Iterator[tuple[str, list[list[object]], list[str]]]:
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:
        raise ImportProblem(
            f"{path.name}: cannot be read as a .docx document ({exc.__class__.__name__}): save it from Word as .docx"
        ) from None
    for number, table in enumerate(document.tables, 1):
        rows = []
        for row in table.rows:
            cells, seen = [], None
            for cell in row.cells:
                # A cell merged across columns comes back once for each column it spans: its text goes in the
                # first, the others are left empty (a cell merged down the rows repeats its text, as it reads).
                cells.append(None if cell._tc is seen else cell.text)
                seen = cell._tc
            rows.append(cells)
        yield f"table {number}", rows, []


def _header_index(rows: list[list[object]], mapping: dict[str, str]) -> int | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        fields = [_field_of(cell, mapping) for cell in row]
        found = {f for f in fields if f}
        if len(found) >= 2 and found & {"date", "title"}:
            return index
    return None


def _field_of(cell: object, mapping: dict[str, str]) -> str | None:
    if not isinstance(cell, str) or not cell.strip():
        return None
    text = cell.strip()
    key = normal_heading(text)
    if key in mapping:
        return mapping[key]
    return heading_field(text)


def read_table(path: Path, *, sheet: str | None = None, mapping: dict[str, str] | None = None) -> Table:
    """The table of activities in `path` (.csv, .xlsx, .docx, or cpd's .json export)."""
    mapping = {normal_heading(k): v for k, v in (mapping or {}).items()}
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ImportProblem(f"no such file: {path}")
    if suffix == ".json":
        return _json_table(path)
    if suffix in (".csv", ".txt", ".tsv"):
        rows, notes = _csv_rows(path)
        candidates = [(path.name, rows, notes)]
    elif suffix in (".xlsx", ".xlsm"):
        candidates = list(_xlsx_rows(path, sheet))
    elif suffix == ".docx":
        candidates = list(_docx_tables(path))
    else:
        raise ImportProblem(
            f"{path.name}: cpd imports .csv, .xlsx, .docx and cpd's own .json export; "
            "save the file in one of those forms"
        )
    for where, rows, notes in candidates:
        index = _header_index(rows, mapping)
        if index is None:
            continue
        headings = ["" if c is None else str(c).strip() for c in rows[index]]
        fields = [_field_of(c, mapping) for c in rows[index]]
        export = [h for h in headings if h] == list(EXPORT_COLUMNS)
        data = [(index + 2 + n, list(r)) for n, r in enumerate(rows[index + 1 :])]
        notes = list(notes)
        unread = [h for h, f in zip(headings, fields, strict=False) if h and f is None]
        if unread and not export:
            notes.append(
                f"columns not imported: {', '.join(unread)} (name one with --map 'HEADING=FIELD' to import it)"
            )
        for name in sorted({f for f in fields if f} - {"description", "reflection"}):
            same = [h for h, f in zip(headings, fields, strict=False) if f == name]
            if len(same) > 1:
                notes.append(
                    f"columns {', '.join(same)} are all read as {name}: in each row the first with a value counts"
                )
        if where != path.name:
            notes.insert(0, f"read {where} (heading row {index + 1})")
        return Table(path.name, fields, headings, index + 1, data, export, notes)
    raise ImportProblem(
        f"{path.name}: no heading row found in its first {HEADER_SEARCH_ROWS} rows (one naming at least a date or "
        "title column and one more, e.g. Date, Activity, Type, Hours): add one, or name the columns with "
        "--map 'HEADING=field'"
    )


def _json_table(path: Path) -> Table:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportProblem(f"{path.name}: not JSON ({exc}): give cpd export's JSON, or a .csv") from None
    activities = data.get("activities") if isinstance(data, dict) else None
    if not isinstance(activities, list):
        raise ImportProblem(f'{path.name}: not cpd export\'s JSON (no "activities" list)')
    fields = list(EXPORT_COLUMNS)
    rows = [(n, [a.get(c) if isinstance(a, dict) else None for c in fields]) for n, a in enumerate(activities, 1)]
    return Table(path.name, [heading_field(c) for c in fields], fields, 0, rows, export=True)


# --- rows to entries ---------------------------------------------------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _undefused(text: str) -> str:
    """A cell of cpd's own export as it was: export puts a ' before text a spreadsheet would run as a formula."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def _items(value: object, *, export: bool) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    text = _text(value)
    if not text:
        return []
    parts = text.split(LIST_SEPARATOR) if export else _LIST_SPLIT.split(text)
    return [_BULLET.sub("", p).strip() for p in parts if _BULLET.sub("", p).strip()]


def _flag(value: object, name: str, warnings: list[str]) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return None if not text else False
    warnings.append(f"{name} '{_text(value)}' is not yes or no: left out")
    return None


def row_key(cells: list[object]) -> str:
    """A key of a row's content (not its number, nor the file's name): the same row is recognised when imported
    again, from the same file or from a copy saved under another name."""
    payload = json.dumps([_text(c) for c in cells], ensure_ascii=False)
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()[:12]


def existing_keys(root: Path) -> set[str]:
    """The keys of the rows imported before, from the markers in the entries' files."""
    keys: set[str] = set()
    for path in root.rglob("*.md"):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if "cpd import:" in text:
            keys.update(MARKER.findall(text))
    return keys


def _formula_warning(name: str, text: str, warnings: list[str]) -> None:
    if text.startswith(FORMULA_STARTS[:4]):
        warnings.append(f"{name} starts with '{text[0]}' as a spreadsheet formula does: kept as text")


def plan_row(
    table: Table,
    number: int,
    cells: list[object],
    *,
    type_map: dict[str, str],
    root: Path,
    objectives: set[str],
) -> Planned | str:
    """The entry a row becomes (its path not yet made unique), or why it cannot."""
    values: dict[str, object] = {}
    for f, cell in zip(table.fields, cells, strict=False):
        if f is None or cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        if isinstance(cell, str) and table.export:
            cell = _undefused(cell)
        if f in values and f not in ("description", "reflection"):
            continue  # two columns for one field: the first one counts
        values[f] = f"{values[f]}\n\n{cell}" if f in values else cell
    warnings: list[str] = []
    try:
        start, end = parse_dates(values.get("date"))
        if values.get("end") not in (None, ""):
            end = parse_dates(values["end"])[0]
            if end < start:
                return f"the end {end} is before the date {start}: swap them"
            if end == start:
                end = None
    except ValueProblem as exc:
        return str(exc)
    raw_date = values.get("date")
    if isinstance(raw_date, str) and re.fullmatch(r"\s*[A-Za-z]+\.?\s*[-/]?\s*\d{4}\s*", raw_date):
        warnings.append(f"'{raw_date.strip()}' names a month, not a day: dated the 1st; correct 'date:' if you know it")
    description = _text(values.get("description"))
    title = _text(values.get("title")) or description.split("\n", 1)[0][:120].strip()
    if not title:
        return "no title: the row has no Activity, Title or Description"
    if not _text(values.get("title")):
        description = description[len(title) :].strip()
    try:
        activity_type = match_type(_text(values.get("type")) or None, type_map)
    except ValueProblem as exc:
        return str(exc)
    try:
        hours = parse_hours(values.get("hours"))
    except ValueProblem as exc:
        warnings.append(f"{exc}: hours left out")
        hours = None
    if hours is not None and float(hours).is_integer():
        hours = int(hours)
    hours_rule = _schema_node("$defs", "activity", "properties", "hours")
    if hours is not None and not _accepts("$defs", "activity", "properties", "hours")(hours):
        warnings.append(
            f"{hours:g} hours is not a time an entry can hold (more than {hours_rule['exclusiveMinimum']:g}, "
            f"at most {hours_rule['maximum']:g}): hours left out"
        )
        hours = None
    front: dict[str, object] = {"title": title, "date": start}
    if end:
        front["end"] = end
    front["type"] = activity_type
    if hours is not None:
        front["hours"] = hours
    kept: list[str] = []  # text that no field can hold, kept in the body
    method = _text(values.get("method"))
    if method:
        front["method"] = method
    notes = _Kept(front, kept, warnings)
    notes.take(
        "objectives",
        _items(values.get("objectives"), export=table.export),
        lambda o: o in objectives,
        "Objective",
        lambda bad: (
            f"objective {', '.join(repr(o) for o in bad)} is not an objective of this portfolio: "
            "kept in the entry's import comment; create it with 'cpd new objective' and name its id in 'objectives:'"
        ),
    )
    outcomes = _items(values.get("outcomes"), export=table.export)
    if outcomes:
        front["outcomes"] = outcomes
    for name in ("application", "benefit"):
        text = _text(values.get(name))
        if text:
            front[name] = text
    notes.take(
        "competences",
        _items(values.get("competences"), export=table.export),
        _accepts("$defs", "competence"),
        "Competences",
        lambda bad: (
            f"competence {', '.join(repr(c) for c in bad)} is not FRAMEWORK:CODE: kept in the entry's import comment"
        ),
    )
    notes.take(
        "tags",
        _items(values.get("tags"), export=table.export),
        _accepts("$defs", "tag"),
        "Tags",
        lambda bad: (
            f"a tag over {_schema_node('$defs', 'tag')['maxLength']} characters is not a tag: kept in the entry's import comment"
        ),
    )
    path = _target(values.get("source"), table, start, title)
    evidence, loose = _evidence(values.get("evidence"), table, root, posixpath.dirname(path.as_posix()))
    if evidence:
        front["evidence"] = evidence
    if loose:
        kept.append("Evidence: " + "; ".join(loose))
        warnings.append(
            f"evidence {', '.join(repr(e) for e in loose)} is not a file in the entries folder nor a web "
            "address: kept in the entry's import comment; copy the file in and name it under 'evidence:'"
        )
    for name in ("highlight", "private"):
        flag = _flag(values.get(name), name, warnings)
        if flag:
            front[name] = True
    for name in ("title", "application", "benefit"):
        if isinstance(front.get(name), str):
            _formula_warning(name, front[name], warnings)
    for i, outcome in enumerate(front.get("outcomes", [])):
        _formula_warning(f"outcomes[{i}]", outcome, warnings)
    body_parts = [p for p in (description, _text(values.get("reflection"))) if p]
    key = row_key(cells)
    # The row's origin, and what no field could hold: in a comment, which is kept in the file but neither
    # published nor counted as a reflection, until its owner moves it where it belongs.
    notes = "".join(f"\n{line}" for line in kept).replace("--", "- -")
    marker = f"<!-- cpd import: {table.source} row {number} (key {key}){notes} -->"
    body = "\n\n".join([*body_parts, marker])
    return Planned(number, path, front, body, key, warnings)


@cache
def _schema_node(*keys: str) -> dict:
    """A part of the entry schema (a field's or a definition's rule): what an entry accepts is written there once."""
    node = schema()
    for key in keys:
        node = node[key]
    return node


@cache
def _accepts(*keys: str) -> Callable[[object], bool]:
    """The entry schema's own test of that part (core/validity.py's quick one), for one value."""
    return compile_schema(inline_refs(_schema_node(*keys), schema()["$defs"]))


class _Kept:
    """Values a field can hold go into the front matter; the others into the import comment, with a warning."""

    def __init__(self, front: dict[str, object], kept: list[str], warnings: list[str]) -> None:
        self.front, self.kept, self.warnings = front, kept, warnings

    def take(self, field, items, accepts, label, why) -> None:
        good = [i for i in items if accepts(i)]
        bad = [i for i in items if not accepts(i)]
        if good:
            self.front[field] = good
        if bad:
            self.kept.append(f"{label}: " + "; ".join(bad))
            self.warnings.append(why(bad))


def _target(source: object, table: Table, start: dt.date, title: str) -> Path:
    """Where the entry goes: cpd's export names each entry's own path, kept when it is a plain path inside the
    folder; otherwise where `cpd new` would put it."""
    text = _text(source)
    parts = text.split("/")
    plain = re.fullmatch(r"[A-Za-z0-9._/-]+\.md", text) and not any(p.startswith((".", "_")) or not p for p in parts)
    if table.export and plain:
        return Path(text)
    return new_entry_path(Path(""), "activity", title, start)


def _evidence(value: object, table: Table, root: Path, entry_folder: str) -> tuple[list[object], list[str]]:
    """Evidence items: a web address, or a file inside the entries folder (named from the folder, as cpd's export
    names it) written relative to the entry; any other text is returned to be kept in the entry's text."""
    items, loose = [], []
    for text in _items(value, export=table.export):
        label, _, target = text.rpartition(": ")
        if not label or not (web_address()(target) or _inside(root, target)):
            label, target = "", text
        if web_address()(target):
            items.append({"url": target, "title": label} if label else target)
        elif _inside(root, target):
            rel = posixpath.relpath(target, entry_folder or ".")
            items.append({"path": rel, "title": label} if label else rel)
        else:
            loose.append(text)
    return items, loose


def _inside(root: Path, target: str) -> bool:
    """Whether `target` (named from the entries folder) is a file inside it: no way out by '..', a root or a link."""
    normal = posixpath.normpath(target.replace("\\", "/"))
    if normal.startswith(("/", "../")) or normal == ".." or re.match(r"^[A-Za-z]:", normal):
        return False
    full = root / normal
    return full.is_file() and EntriesRoot(root).holds(os.path.realpath(full))


def _blank(cells: list[object]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _total(cells: list[object], table: Table) -> bool:
    """A row whose first value says it is a total (and so not an activity)."""
    first = next((text for text in map(_text, cells) if text), "")
    return first.lower().rstrip(":") in TOTAL_WORDS


def plan_import(table: Table, *, root: Path, type_map: dict[str, str], objectives: Iterable[str]) -> Plan:
    """What importing `table` into the entries folder `root` would write, refuse and skip."""
    done = existing_keys(root) if root.is_dir() else set()
    taken: set[str] = set()
    seen: dict[str, int] = {}  # row key -> the row of this file that had it first
    planned, refused, skipped = [], [], []
    known_objectives = set(objectives)
    for number, cells in table.rows:
        if _blank(cells):
            continue
        if _total(cells, table):
            skipped.append((number, "a total row"))
            continue
        result = plan_row(table, number, cells, type_map=type_map, root=root, objectives=known_objectives)
        if isinstance(result, str):
            refused.append((number, result))
            continue
        if result.key in done:
            skipped.append((number, "imported before (its entry names this row's key)"))
            continue
        if result.key in seen:
            skipped.append((number, f"the same as row {seen[result.key]} of this file"))
            continue
        seen[result.key] = number
        if table.export and (root / result.path).exists():
            skipped.append((number, f"an entry exists at {result.path.as_posix()}: it came from this portfolio"))
            continue
        result.path = _unique(result.path, root, taken)
        taken.add(result.path.as_posix())
        planned.append(result)
    return Plan(table, planned, refused, skipped)


def _unique(path: Path, root: Path, taken: set[str]) -> Path:
    candidate, n = path, 1
    while (root / candidate).exists() or candidate.as_posix() in taken:
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


# --- writing -----------------------------------------------------------------------------------------------------


def _scalar(value: object) -> str:
    """One value as YAML: text as a JSON string (a JSON string is a YAML double-quoted scalar: every character
    survives, nothing is read as a number, a date or a key), dates as YYYY-MM-DD, numbers and true/false as such."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.dumps(str(value), ensure_ascii=False)


def _block(text: str, indent: str) -> str | None:
    """A text of several lines as a literal block (|-), as people write it, when one says it exactly."""
    lines = text.split("\n")
    if (
        text != text.strip()
        or any(c in text for c in "\t\r\x85\u2028\u2029")
        or not all(line.isprintable() for line in lines)
    ):
        return None
    if any(line != line.rstrip() for line in lines):
        return None
    return "|-\n" + "\n".join(f"{indent}{line}" if line else "" for line in lines)


def render_entry(front: dict[str, object], body: str) -> str:
    """An entry's text: its front matter written field by field (faster than a YAML emitter, and as `cpd new`
    writes it), then its body."""
    out = ["---"]
    for key, value in front.items():
        if isinstance(value, list):
            out.append(f"{key}:")
            for item in value:
                if isinstance(item, dict):
                    first = True
                    for k, v in item.items():
                        out.append(f"  {'- ' if first else '  '}{k}: {_scalar(v)}")
                        first = False
                else:
                    out.append(f"  - {_scalar(item)}")
        elif key == "type" and value in ACTIVITY_TYPES:
            out.append(f"type: {value}")  # one of the schema's words, as cpd new writes it
        elif isinstance(value, str) and "\n" in value and _block(value, "  "):
            out.append(f"{key}: {_block(value, '  ')}")
        else:
            out.append(f"{key}: {_scalar(value)}")
    out.append("---")
    return "\n".join(out) + f"\n{body}\n"


def write_plan(plan: Plan, root: Path, progress: Iterable[Planned] | None = None) -> list[Path]:
    """Write each planned entry (never over a file: the path was made unique, and is opened exclusively)."""
    written, folders = [], set()
    for item in progress if progress is not None else plan.planned:
        target = root / item.path
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        with open(target, "x", encoding="utf-8", newline="\n") as out:
            out.write(item.text)
        written.append(item.path)
    return written


def check_written(plan: Plan, root: Path, *, as_of: dt.date, shown_root: str) -> list[Finding]:
    """What `cpd check` says of the entries written, found from their text (as written, not read back): the
    checker's own reading and checking of each, with its evidence looked up in the entries folder."""
    entries_root = EntriesRoot(root)
    findings: list[Finding] = []
    for item in plan.planned:
        rel = item.path.as_posix()
        shown = f"{shown_root}/{rel}" if shown_root else rel
        raw = read_entry(item.text.encode("utf-8"), shown, rel)
        if isinstance(raw, list):
            findings.extend(raw)
            continue
        findings.extend(check_entry(raw, as_of=as_of, entries_root=entries_root)[1])
    return findings


def parse_pairs(pairs: list[str], what: str, allowed: tuple[str, ...] | None = None) -> dict[str, str]:
    """--map 'HEADING=field' / --type-map 'WORD=type' options as a mapping; a bad one raises ValueError."""
    out = {}
    for pair in pairs:
        left, sep, right = pair.rpartition("=")
        if not sep or not left.strip() or not right.strip():
            raise ValueError(f"--{what} '{pair}' is not NAME=VALUE: write e.g. --{what} 'Learning=outcomes'")
        if allowed is not None and right.strip() not in allowed:
            raise ValueError(f"--{what} '{pair}': '{right.strip()}' is not one of {', '.join(allowed)}")
        out[left.strip()] = right.strip()
    return out


__all__ = [
    "ACTIVITY_TYPES",
    "ImportProblem",
    "Plan",
    "Planned",
    "Table",
    "parse_pairs",
    "plan_import",
    "read_table",
    "render_entry",
    "slugify",
    "write_plan",
]
