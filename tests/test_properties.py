"""Property tests (Hypothesis): the reader and checker never raise, valid entries stay valid, titles reach the site.

Each property runs about 200 examples (the site round trip 15, each a real `mkdocs build`), with no
deadline and no example database (nothing is written into the repository). COUNTS records how many
examples each property ran; the last test checks them.

A few properties are strict xfails: they hold the core to a rule it breaks today, with an @example
that makes the failure certain rather than a matter of luck. The green properties leave those inputs
out (said where), so that they keep hunting for other bugs without failing at random.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import shutil
import tempfile
import warnings
from collections import Counter
from pathlib import Path

import pytest
import yaml
from cpd_portfolio.core import load_portfolio
from cpd_portfolio.core.checking import check_entry, schema
from cpd_portfolio.core.dates import FIRST_DAY, LAST_DAY
from cpd_portfolio.core.entries import Activity, Break, Objective, Profile
from cpd_portfolio.core.findings import Finding
from cpd_portfolio.core.reading import RawEntry, read_entry
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import build

hypothesis_jsonschema = pytest.importorskip("hypothesis_jsonschema")

AS_OF = dt.date(2026, 11, 29)
COUNTS: Counter[str] = Counter()

PROPERTY = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
SITE = settings(PROPERTY, max_examples=15)


def _patch_hypothesis_jsonschema() -> None:
    """hypothesis-jsonschema 0.23.1 (the latest) calls `many(...).more()`, which newer Hypothesis removed.

    Without this shim every object schema fails with "'many' object has no attribute 'more'". It drives
    the new iterator API the way the old method did; it does nothing once the library is fixed.
    """
    from hypothesis.internal.conjecture import utils as cu
    from hypothesis_jsonschema import _from_schema

    if hasattr(cu.many, "more") or getattr(_from_schema, "_cpd_patched", False):
        return

    class _Many:
        def __init__(self, *args, **kwargs) -> None:
            self._many = cu.many(*args, **kwargs)
            self._many.__enter__()
            self._iter = iter(self._many)

        def more(self) -> bool:
            try:
                next(self._iter)
            except StopIteration:
                self._many.__exit__(None, None, None)
                return False
            return True

        def reject(self, why: str | None = None) -> None:
            self._many.reject(why)

    class _Utils:
        many = _Many

        def __getattr__(self, name: str):
            return getattr(cu, name)

    _from_schema.cu = _Utils()
    _from_schema._cpd_patched = True


_patch_hypothesis_jsonschema()


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    """An entries folder for evidence lookups (module scope: Hypothesis reuses it across examples)."""
    folder = tmp_path_factory.mktemp("entries")
    (folder / "evidence").mkdir()
    (folder / "evidence" / "certificate.txt").write_text("certificate\n", encoding="utf-8")
    return folder


def _well_formed(findings: list[Finding], path: str) -> None:
    assert isinstance(findings, list)
    for f in findings:
        assert isinstance(f, Finding)
        assert f.path == path
        assert f.line >= 1 and f.column >= 1
        assert f.severity in ("error", "warning")
        assert f.field and f.message


def _read_and_check(raw: bytes, root: Path) -> None:
    """read_entry then check_entry: never an exception, always entries or findings."""
    result = read_entry(raw, "entries/x.md", "x.md")
    if isinstance(result, list):
        assert result, "an unreadable file must say why"
        _well_formed(result, "entries/x.md")
        return
    assert isinstance(result, RawEntry)
    assert isinstance(result.data, dict)
    entry, findings = check_entry(result, as_of=AS_OF, entries_root=root)
    _well_formed(findings, "entries/x.md")
    assert entry is None or isinstance(entry, (Activity, Objective, Break, Profile))
    if entry is None:
        assert any(f.severity == "error" for f in findings)


# --- (a) arbitrary bytes and text never make the reader or the checker raise -------------------------

# Pieces of YAML and front matter, so that generated text reaches the parser and the checker. The explicit
# tag !!float is left out: on text it crashes today (see test_explicit_scalar_tags_never_raise).
TOKENS = [
    "title", "date", "type", "hours", "evidence", "outcomes", "objectives", "kind", "objective", "profile",
    "break", "id", "due", "status", "registrations", "body", ":", ": ", "\n", "  ", "- ", "[", "]", "{", "}",
    ",", "&a ", "*a", "!!str ", "!!int ", "!!bool ", "!!binary ", "!!python/object ", "!foo ", "!!set ",
    "!!python/object/apply:os.system ", "!!omap ", "!!timestamp ", "!!null ", "<<: ", "? ", "|", ">", "#",
    "'", '"', "\\", "---", "...", "%YAML 1.1\n", "2026-02-29", "2026-03-01", "1:30", ".nan", ".inf", "1e309",
    "10" * 30, "~",
    "null", "yes", "\t", "\x00", "\x07", "\x1b", "\u2028", "\x85", "\ufeff", "é", "\r", "\r\n", "abc",
    "0x1F", "010", "work-based", "https://example.org/x", "../evidence/certificate.txt", "/etc/passwd",
]  # fmt: skip
yamlish = st.lists(st.sampled_from(TOKENS) | st.text(max_size=3), max_size=40).map("".join)


@PROPERTY
@given(raw=st.binary(max_size=4000))
def test_any_bytes(raw: bytes, root: Path):
    COUNTS["any_bytes"] += 1
    _read_and_check(raw, root)


@PROPERTY
@given(text=st.text(max_size=2000))
def test_any_text(text: str, root: Path):
    COUNTS["any_text"] += 1
    _read_and_check(text.encode("utf-8"), root)


@PROPERTY
@given(
    front=st.text(max_size=600),
    body=st.text(max_size=200),
    bom=st.sampled_from(["", "\ufeff"]),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_any_text_as_front_matter(front: str, body: str, bom: str, newline: str, root: Path):
    COUNTS["any_text_as_front_matter"] += 1
    text = bom + "---\n" + front + "\n---\n" + body
    _read_and_check(text.replace("\n", newline).encode("utf-8"), root)


@PROPERTY
@given(front=yamlish, newline=st.sampled_from(["\n", "\r\n"]))
def test_yaml_like_text_as_front_matter(front: str, newline: str, root: Path):
    COUNTS["yaml_like_text_as_front_matter"] += 1
    text = "---\ntitle: Journal club\ndate: 2026-03-02\ntype: formal\n" + front + "\n---\nReflection.\n"
    _read_and_check(text.replace("\n", newline).encode("utf-8"), root)


@PROPERTY
@example(tag="!!int", value="abc")
@example(tag="!!int", value="")
@example(tag="!!float", value="abc")
@example(tag="!!bool", value="maybe")
@given(
    tag=st.sampled_from(["!!int", "!!float", "!!bool", "!!null", "!!str", "!!timestamp"]), value=st.text(max_size=20)
)
def test_explicit_scalar_tags_never_raise(tag: str, value: str, root: Path):
    COUNTS["explicit_scalar_tags_never_raise"] += 1
    text = f"---\ntitle: Journal club\ndate: 2026-03-02\ntype: formal\nhours: {tag} {value}\n---\nReflection.\n"
    _read_and_check(text.encode("utf-8"), root)


# --- (b) JSON-like front matter through yaml.safe_dump into a portfolio -------------------------------

FIELDS = [
    "kind", "title", "date", "end", "hours", "type", "method", "objectives", "outcomes", "application",
    "benefit", "competences", "tags", "evidence", "private", "highlight", "id", "due", "status", "closed",
    "evaluation", "target_hours", "need", "success", "registrations", "name", "role", "reason", "body",
    "number", "designation", "renewal", "url", "path",
]  # fmt: skip
# No NUL in the text: an evidence path holding NUL crashes the checker today (see test_evidence_paths...).
text_no_nul = st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=20)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | text_no_nul
    | st.dates().map(dt.date.isoformat)
    | st.sampled_from(["activity", "objective", "break", "profile", "work-based", "hcpc", "achieved", "UK-SPEC:A1"])
)
keys = st.sampled_from(FIELDS) | text_no_nul
values = st.recursive(scalars, lambda c: st.lists(c, max_size=4) | st.dictionaries(keys, c, max_size=4), max_leaves=20)
front_matters = st.dictionaries(keys, values, max_size=10)


def _write(folder: Path, name: str, data: object, body: str = "Reflection.\n") -> None:
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (folder / name).write_text("---\n" + dumped + "---\n" + body, encoding="utf-8")


def _load(files: list[object]):
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        for i, data in enumerate(files):
            _write(folder, f"entry-{i}.md", data)
        portfolio = load_portfolio(folder, as_of=AS_OF, shown_root="entries")
    assert portfolio.files_read == len(files)
    return portfolio


@PROPERTY
@given(st.lists(front_matters, min_size=1, max_size=4))
def test_random_front_matter_never_raises(files: list[dict]):
    COUNTS["random_front_matter_never_raises"] += 1
    portfolio = _load(files)
    for f in portfolio.findings:
        assert f.line >= 1 and f.column >= 1 and f.severity in ("error", "warning")


@PROPERTY
@given(st.lists(values, min_size=1, max_size=3))
def test_front_matter_that_is_not_a_mapping(files: list[object]):
    COUNTS["front_matter_that_is_not_a_mapping"] += 1
    portfolio = _load(files)
    for data, rel in zip(files, sorted(portfolio.files), strict=True):
        if not isinstance(data, dict) and data is not None:
            assert any(f.path == f"entries/{rel}" and f.severity == "error" for f in portfolio.findings)


@PROPERTY
@example({"a\nb": 1})
@example({"0\n": None})  # a trailing newline: `$` in a regex matches before it
@given(front_matters)
def test_every_finding_prints_on_one_line(data: dict):
    COUNTS["every_finding_prints_on_one_line"] += 1
    for f in _load([data]).findings:
        assert "\n" not in str(f) and "\r" not in str(f)


@PROPERTY
@example(path="certificate\x00.pdf")
@given(path=st.text(max_size=30))
def test_evidence_paths_never_raise(path: str, root: Path):
    COUNTS["evidence_paths_never_raise"] += 1
    text = "---\n" + yaml.safe_dump(
        {"title": "Journal club", "date": "2026-03-02", "type": "formal", "evidence": [path]}, allow_unicode=True
    )
    _read_and_check((text + "---\nReflection.\n").encode("utf-8"), root)


def _fit(data: dict) -> dict:
    """Schema-valid front matter made fit for the rules the schema cannot say."""
    data = dict(data)
    # Cross-entry and file-system rules: an objective id must exist, an evidence path must name a file.
    data.pop("objectives", None)
    if "evidence" in data:
        data["evidence"] = [e for e in data["evidence"] if isinstance(e, dict) and "url" in e]
    # Dates in order: end, due and closed are not before date.
    for later in ("end", "due", "closed"):
        if "date" in data and later in data and data[later] < data["date"]:
            data["date"], data[later] = data[later], data["date"]
    return data


with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # "Overriding standard format 'date'": intended, dates come from st.dates
    # Made once: from_schema canonicalises the schema, which is slow.
    # Dates in the supported range: the schema's pattern refuses the others (tests/test_dates.py).
    VALID = hypothesis_jsonschema.from_schema(
        schema(), custom_formats={"date": st.dates(FIRST_DAY, LAST_DAY).map(dt.date.isoformat)}
    ).map(_fit)


def _has_line_separator(value: object) -> bool:
    """U+0085, U+2028 and U+2029 are refused in front matter by design (YAML reads them as line breaks)."""
    if isinstance(value, str):
        return any(c in value for c in "\x85\u2028\u2029")
    if isinstance(value, dict):
        return any(_has_line_separator(k) or _has_line_separator(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_line_separator(v) for v in value)
    return False


@PROPERTY
@given(VALID.filter(lambda d: not _has_line_separator(d)))
def test_entries_valid_by_the_schema_have_no_errors(data: dict):
    COUNTS["entries_valid_by_the_schema_have_no_errors"] += 1
    portfolio = _load([data])
    assert not portfolio.errors, [str(f) for f in portfolio.errors]
    kept = [portfolio.activities, portfolio.drafts, portfolio.objectives, portfolio.breaks, portfolio.exchanges]
    assert sum(map(len, kept)) + (portfolio.profile is not None) == 1


# The supported range's first and last days, the days just outside it and the calendar's first day.
RANGE_EDGES = [
    day.isoformat()
    for day in (FIRST_DAY, LAST_DAY, FIRST_DAY - dt.timedelta(days=1), LAST_DAY + dt.timedelta(days=1), dt.date.min)
]
# Values near the schema's edges: right and wrong types, dates that are and are not dates, names of fields.
EDGE_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-2, 10_001)
    | st.floats(allow_nan=False)
    | st.sampled_from([0, 1.0, 1000, 1000.5, 10_000.0, "", "2026-02-28", "2026-02-30", "2026-2-1", "x", "a:b"])
    | st.sampled_from(["work-based", "activity", "objective", "active", "achieved", "hcpc", "https://x.org/a"])
    | st.sampled_from(RANGE_EDGES)
    | st.text(max_size=4),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["title", "path", "url", "body", "number", "from", "x"]), inner, max_size=3)
    ),
    max_leaves=6,
)


def _places(value: object, path: tuple = ()) -> list[tuple]:
    """The path of every value inside value (itself included)."""
    places = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            places += _places(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            places += _places(item, (*path, i))
    return places


@PROPERTY
@given(VALID, st.data())
def test_fast_validity_agrees_with_jsonschema(data: dict, draw):
    """A valid entry with one value changed, dropped or added: the fast path (core.validity) and jsonschema give
    the same answer. (Was the fast path to say yes where jsonschema says no, an error would go unreported.)"""
    COUNTS["fast_validity_agrees_with_jsonschema"] += 1
    from cpd_portfolio.core.checking import _kind_is_valid, _kind_validator, kind_of

    *parent_path, last = draw.draw(st.sampled_from(_places(data)[1:] or [("title",)]))
    parent = data
    for step in parent_path:
        parent = parent[step]
    change = draw.draw(st.sampled_from(["replace", "drop", "add", "set a field"]))
    if change == "set a field":  # most often: a field of the entry's kind, where most rules are
        fields = sorted(_kind_validator(kind_of(data) or "activity").schema["properties"])
        data[draw.draw(st.sampled_from([*fields, "extra"]))] = draw.draw(EDGE_VALUES)
    elif change == "replace" or (change == "drop" and isinstance(parent, list)):
        parent[last] = draw.draw(EDGE_VALUES)
    elif change == "drop":
        parent.pop(last, None)
    elif isinstance(parent, dict):
        parent[draw.draw(st.sampled_from(["title", "path", "url", "body", "number", "extra"]))] = draw.draw(EDGE_VALUES)
    else:
        parent.append(draw.draw(EDGE_VALUES))
    kind = kind_of(data)
    if kind is not None:
        assert _kind_is_valid(kind)(data) == _kind_validator(kind).is_valid(data)


@PROPERTY
@given(st.lists(st.text(st.sampled_from('ab ,"\r\n\x00é\t;') | st.characters(), max_size=12), min_size=2, max_size=6))
def test_csv_rows_are_written_as_the_csv_module_writes_them(cells: list[str]):
    """export.csv_row is a fast stand-in for csv.writer: byte for byte the same line, read back the same cells."""
    COUNTS["csv_rows_are_written_as_the_csv_module_writes_them"] += 1
    from cpd_portfolio.core.export import csv_row

    expected = io.StringIO()
    csv.writer(expected, lineterminator="\r\n").writerow(cells)
    assert csv_row(cells) == expected.getvalue()
    assert next(csv.reader(io.StringIO(csv_row(cells), newline=""))) == cells


# --- (c) generated activities through a real MkDocs build --------------------------------------------

MKDOCS_YML = (
    "site_name: Properties\ndocs_dir: docs\ntheme:\n  name: material\nplugins:\n  - search\n  - tags\n  - cpd\n"
)
# U+0085, U+2028 and U+2029 are refused in front matter by design (YAML reads them as line breaks where editors
# show none; the hostile corpus holds that refusal): an entry written with one is not a valid entry to publish.
any_text = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\x85\u2028\u2029"), min_size=1, max_size=40
)


@st.composite
def activities(draw) -> list[dict]:
    count = draw(st.integers(1, 3))
    return [
        {
            "title": draw(any_text),
            "date": draw(st.dates(dt.date(2020, 1, 1), AS_OF)).isoformat(),
            "type": draw(st.sampled_from(["work-based", "professional", "formal", "self-directed", "other"])),
            "outcomes": draw(st.lists(any_text, min_size=1, max_size=3)),
            "application": "I changed a procedure.",
            "benefit": "Patients are safer.",
        }
        for _ in range(count)
    ]


def _visible(text: str) -> str:
    """Text as a browser shows it: Python-Markdown drops STX/ETX, turns CR into LF and tabs into spaces,
    and HTML collapses runs of white space."""
    text = text.replace("\x02", "").replace("\x03", "").replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"[ \t\n]+", " ", text)


# Characters PyYAML refuses in a document (DEL, C1 controls, U+FFFE...): see the xfail below.
YAML_UNREADABLE = yaml.reader.Reader.NON_PRINTABLE


def _build_site(items: list[dict], project: Path):
    (project / "docs").mkdir(exist_ok=True)
    (project / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    folder = project / "entries" / "2026"
    folder.mkdir(parents=True)
    for i, data in enumerate(items):
        _write(folder, f"activity-{i}.md", data, body="What I learnt and what I will do.\n")
    result = build(project)
    assert result.returncode == 0, result.stderr[-2000:]
    portfolio = load_portfolio(project / "entries", as_of=AS_OF)
    assert not portfolio.errors, [str(f) for f in portfolio.errors]
    return {a.source: a for a in portfolio.activities}


def _page(project: Path, i: int) -> str:
    return _visible((project / "out" / "2026" / f"activity-{i}" / "index.html").read_text(encoding="utf-8"))


@SITE
@given(activities())
def test_titles_and_outcomes_reach_the_site(items: list[dict]):
    COUNTS["titles_and_outcomes_reach_the_site"] += 1
    project = Path(tempfile.mkdtemp(prefix="cpd-site-"))
    try:
        read = _build_site(items, project)
        timeline = _visible((project / "out" / "timeline" / "index.html").read_text(encoding="utf-8"))
        for i, data in enumerate(items):
            activity = read[f"2026/activity-{i}.md"]
            # What was written is what the checker read.
            for written, got in zip(
                [data["title"], *data["outcomes"]], [activity.title, *activity.outcomes], strict=True
            ):
                assert got == written
            page = _page(project, i)
            title = _visible(html.escape(activity.title, quote=True))
            assert f"<h1>{title}</h1>" in page
            assert f">{title}</a>" in timeline
            for outcome in activity.outcomes:
                assert f"<li>{_visible(html.escape(outcome, quote=True))}</li>" in page
            if not YAML_UNREADABLE.search(activity.title):  # else: test_page_front_matter_survives_any_title
                # The page's own front matter was read by MkDocs, not printed in the page.
                assert "hide:" not in page and "&quot;toc&quot;" not in page
    finally:
        shutil.rmtree(project, ignore_errors=True)


@settings(SITE, max_examples=5)
@example(title="Clinician\x92s view of autocontouring")
@given(title=any_text)
def test_page_front_matter_survives_any_title(title: str):
    COUNTS["page_front_matter_survives_any_title"] += 1
    project = Path(tempfile.mkdtemp(prefix="cpd-site-"))
    item = {
        "title": title,
        "date": "2026-03-02",
        "type": "formal",
        "outcomes": ["x"],
        "application": "a",
        "benefit": "b",
    }
    try:
        _build_site([item], project)
        page = _page(project, 0)
        assert "hide:" not in page and "&quot;toc&quot;" not in page
    finally:
        shutil.rmtree(project, ignore_errors=True)


# --- how many examples ran ---------------------------------------------------------------------------


def test_examples_were_run():
    """Runs last in this file: every green property that ran did run its examples (counted, not assumed)."""
    known_bugs = {  # strict xfails: they stop at their first (explicit) failing example
    }
    ran = {name: n for name, n in COUNTS.items() if n and name not in known_bugs}
    if not ran:
        pytest.skip("no green property ran in this session (this test was selected alone)")
    for name, n in ran.items():
        site_builds = {"titles_and_outcomes_reach_the_site": 10, "page_front_matter_survives_any_title": 5}
        assert n >= site_builds.get(name, 100), (name, n)
