"""Unit tests of the reader's pure functions: decoding, splitting the front matter, line numbers."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from cpd_portfolio.core.findings import Finding
from cpd_portfolio.core.reading import (
    MAX_DEPTH,
    RawEntry,
    decode,
    parse_front_matter,
    read_entry,
    split_front_matter,
)

ENTRY = "---\ntitle: Journal club\ndate: 2026-03-02\ntype: formal\noutcomes:\n  - one\n  - two\n---\nBody line 1\n"


# --- decode ------------------------------------------------------------------------------------------


def test_decode_plain_utf8_is_unchanged():
    assert decode("café\n".encode(), "p") == ("café\n", [])


def test_decode_drops_the_byte_order_mark_and_normalises_newlines():
    text, problems = decode(b"\xef\xbb\xbf---\r\ntitle: x\r\n---\rold mac\r\n", "p")
    assert problems == []
    assert text == "---\ntitle: x\n---\nold mac\n"


def test_decode_keeps_a_bom_like_character_elsewhere():
    text, _ = decode("a\ufeffb".encode(), "p")
    assert text == "a\ufeffb"


def test_decode_reports_the_line_and_column_of_a_bad_byte():
    text, problems = decode(b"---\ntitle: Caf\xe9\n---\n", "entries/a.md")
    assert text is None
    assert problems == [
        Finding("entries/a.md", 2, 11, "error", "file", "not UTF-8 (byte 0xe9 cannot be read): save the file as UTF-8")
    ]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_decode_names_utf16(encoding):
    raw = ENTRY.encode(encoding)
    text, problems = decode(raw, "p")
    assert text is None
    assert len(problems) == 1
    assert (problems[0].line, problems[0].column) == (1, 1)
    if encoding == "utf-16":  # with a BOM the encoding is known
        assert "the file is UTF-16: save it as UTF-8" in problems[0].message
    else:
        assert "NUL bytes" in problems[0].message


def test_decode_refuses_binary():
    text, problems = decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "p")
    assert text is None
    assert "not a text file" in problems[0].message


# --- split_front_matter ------------------------------------------------------------------------------


def test_split_front_matter():
    front, body, body_line = split_front_matter(ENTRY, "p")
    assert front == "title: Journal club\ndate: 2026-03-02\ntype: formal\noutcomes:\n  - one\n  - two\n"
    assert body == "Body line 1\n"
    assert body_line == 9
    assert ENTRY.splitlines()[body_line - 1] == "Body line 1"


def test_split_front_matter_allows_trailing_spaces_on_delimiters_and_an_empty_body():
    front, body, body_line = split_front_matter("--- \ntitle: x\n---\t\n", "p")
    assert (front, body, body_line) == ("title: x\n", "", 4)


def test_split_front_matter_keeps_later_rules_in_the_body():
    front, body, _ = split_front_matter("---\ntitle: x\n---\nintro\n---\nmore\n", "p")
    assert front == "title: x\n"
    assert body == "intro\n---\nmore\n"


def test_split_front_matter_empty_front_matter():
    assert split_front_matter("---\n---\nbody\n", "p") == ("", "body\n", 3)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "the file is empty"),
        ("  \n\n", "the file is empty"),
        ("# Title\n\n---\ntitle: x\n---\n", "no front matter"),
        ("----\ntitle: x\n----\n", "no front matter"),
        ("---\ntitle: x\n", "never closed"),
        ("---\ntitle: x\n--- #\n", "never closed"),
    ],
)
def test_split_front_matter_problems(text, words):
    result = split_front_matter(text, "entries/a.md")
    assert isinstance(result, Finding)
    assert words in result.message
    assert (result.path, result.line, result.column, result.severity) == ("entries/a.md", 1, 1, "error")


# --- parse_front_matter and line numbers -------------------------------------------------------------


def test_parse_front_matter_data_and_lines():
    data, node, problems = parse_front_matter("title: x\nhours: 1.5\ntags: [a, b]\nprivate: true\n", "p")
    assert problems == []
    assert data == {"title": "x", "hours": 1.5, "tags": ["a", "b"], "private": True}
    # line numbers are those of the file: the front matter starts on line 2
    assert (node.value[1][0].start_mark.line + 2) == 3


def test_parse_front_matter_keeps_dates_as_text():
    data, _, problems = parse_front_matter("date: 2026-03-02\nwhen: 2026-03-02 10:00\n", "p")
    assert problems == []
    assert data == {"date": "2026-03-02", "when": "2026-03-02 10:00"}


def test_parse_front_matter_empty():
    assert parse_front_matter("", "p") == ({}, None, [])
    assert parse_front_matter("# only a comment\n", "p") == ({}, None, [])


def test_parse_front_matter_tab_position():
    data, node, problems = parse_front_matter("title: x\noutcomes:\n\t- one\n", "p")
    assert data is None and node is None
    assert [(f.line, f.column) for f in problems] == [(4, 1)]
    assert "tab" in problems[0].message


def test_parse_front_matter_duplicate_key_position():
    data, _, problems = parse_front_matter("title: a\ndate: 2026-01-01\ntitle: b\n", "p")
    assert data == {"title": "a", "date": "2026-01-01"}
    assert [(f.line, f.column, f.field) for f in problems] == [(4, 1, "title")]
    assert "first on line 2" in problems[0].message


def _variants(text: str) -> dict[str, bytes]:
    return {
        "lf": text.encode(),
        "bom": b"\xef\xbb\xbf" + text.encode(),
        "crlf": text.replace("\n", "\r\n").encode(),
        "bom-crlf": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(),
    }


@pytest.mark.parametrize("variant", ["lf", "bom", "crlf", "bom-crlf"])
def test_line_numbers_with_bom_and_crlf(variant):
    raw = _variants(ENTRY)[variant]
    entry = read_entry(raw, "entries/a.md", "a.md")
    assert isinstance(entry, RawEntry)
    assert entry.findings == []
    assert entry.data["title"] == "Journal club"  # no BOM glued to the first key
    assert entry.locate(["title"]) == (2, 8)
    assert entry.locate(["date"], key=True) == (3, 1)
    assert entry.locate(["outcomes", 1]) == (7, 5)
    assert entry.locate(["outcomes", 5]) == (6, 3)  # as near as known: the list itself
    assert entry.body == "Body line 1\n"
    assert entry.body_line == 9


@pytest.mark.parametrize("variant", ["lf", "bom", "crlf", "bom-crlf"])
def test_finding_positions_with_bom_and_crlf(variant):
    text = "---\ntitle: x\ndate: 2026-03-02\ntags:\n  - a\n  - &x b\n---\n"
    raw = _variants(text.replace("\ntags:", "\ntitle: again\ntags:"))[variant]
    entry = read_entry(raw, "p", "p")
    assert [(f.line, f.column, f.field) for f in entry.findings] == [(4, 1, "title")]
    raw = _variants("---\ntitle: x\n\tdate: 2026-03-02\n---\n")[variant]
    assert [(f.line, f.column) for f in read_entry(raw, "p", "p")] == [(3, 1)]
    raw = _variants("---\ntitle: x\ndate: [2026\n---\n")[variant]
    problems = read_entry(raw, "p", "p")
    assert isinstance(problems, list) and problems[0].message.startswith("YAML syntax error")
    assert problems[0].line == 4


def test_refused_values_become_findings_not_exceptions():
    data, _, problems = parse_front_matter("hours: .inf\nn: 1" + "0" * 50 + "\nt: !!binary aGk=\n", "p")
    assert data == {"hours": None, "n": None, "t": None}
    assert [(f.line, f.field) for f in problems] == [(2, "hours"), (3, "n"), (4, "t")]


def test_registration_number_with_a_leading_zero_is_not_changed():
    data, _, problems = parse_front_matter("kind: profile\nregistrations:\n  - body: hcpc\n    number: 012345\n", "p")
    assert problems or data["registrations"][0]["number"] in ("012345", 12345)
    assert data["registrations"][0]["number"] != 5349


# --- tabs: refused only where YAML refuses them ------------------------------------------------------

TAB_MESSAGE = "a tab character: YAML indents with spaces, replace the tab with spaces"
# PyYAML's own scanner, used where libyaml is absent, refuses a tab outside quotes; libyaml, as YAML, does not.
_LIBYAML = pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml")


@pytest.mark.parametrize(
    ("front", "title"),
    [
        ('title: "a\tb"\n', "a\tb"),
        ("title: 'a\tb'\n", "a\tb"),
        pytest.param("title: a\tb\n", "a\tb", marks=_LIBYAML),  # inside plain text
        pytest.param("title: x\t# a comment after a tab\n", "x", marks=_LIBYAML),
        ('title: "two\n\tlines"\n', "two lines"),  # a quoted line continued after a tab
    ],
)
def test_a_tab_yaml_accepts_is_kept(front, title):
    data, _, problems = parse_front_matter(front, "p")
    assert problems == []
    assert data == {"title": title}


def test_a_tab_in_a_quoted_title_passes_the_checks():
    entry = read_entry(b'---\ntitle: "Journal\tclub"\ndate: 2026-03-02\ntype: formal\n---\nBody\n', "p", "p")
    assert isinstance(entry, RawEntry)
    assert entry.findings == []
    assert entry.data["title"] == "Journal\tclub"
    from cpd_portfolio.core.checking import check_entry

    activity, findings = check_entry(entry, as_of=dt.date(2026, 11, 29))
    assert activity is not None and activity.title == "Journal\tclub"
    assert all(f.severity == "warning" for f in findings)


@pytest.mark.parametrize(
    ("front", "where"),
    [
        ("title: x\noutcomes:\n\t- one\n", (4, 1)),
        ("title: x\n\tdate: 2026-03-02\n", (3, 1)),
        ("tags:\n  - a\n\t- b\n", (4, 1)),
        ("m:\n  a: 1\n  \tb: 2\n", (4, 3)),
        ("title: |\n  a\n\tb\n", (4, 1)),
        ('title: "a\tb"\nlist:\n\t- one\n', (4, 1)),  # the tab in quotes is fine, the one in indentation is not
    ],
)
def test_a_tab_in_indentation_is_refused_at_the_tab(front, where):
    data, node, problems = parse_front_matter(front, "p")
    assert data is None and node is None
    assert [(f.line, f.column, f.field, f.message) for f in problems] == [(*where, "front matter", TAB_MESSAGE)]


# --- nesting depth: counted as YAML's scanner reads the brackets -------------------------------------

DEEP = "[" * 60 + "]" * 60
NESTED = f"nested more than {MAX_DEPTH} levels deep: flatten the value"


@pytest.mark.parametrize(
    "before",
    [
        "title: the '90s\n",
        "note: it's\n",
        "title: rock 'n' roll\n",
        'title: a "quote\n',
        "# it's a comment\n",
        "title: 'it''s quoted'\n",
    ],
)
@pytest.mark.parametrize("deep", [DEEP, "[" * 10_000 + "]" * 10_000])
def test_nesting_too_deep_after_a_quote_like_character(before, deep):
    data, _, problems = parse_front_matter(before + "tags: " + deep + "\n", "p")
    assert data is None
    # the 51st bracket, on the third line of the file
    assert [(f.line, f.column, f.message) for f in problems] == [(3, len("tags: ") + MAX_DEPTH + 1, NESTED)]


@pytest.mark.parametrize(
    "front",
    [
        f"method: see {DEEP}\n",  # plain text
        f"method: '{DEEP}'\n",
        f'method: "{DEEP}"\n',
        f"# {DEEP}\ntitle: x\n",
        f"method: |\n  {DEEP}\n",
        f"method: it's {DEEP}\n",
    ],
)
def test_brackets_yaml_reads_as_text_are_not_nesting(front):
    data, _, problems = parse_front_matter(front, "p")
    assert problems == []
    assert isinstance(data, dict) and len(data) == 1


def test_a_yaml_error_before_deep_nesting_is_reported_as_a_yaml_error():
    front = "x: @at\ny: " + "[" * 30 + "]" * 30 + "\nz: " + "[" * 30 + "]" * 30 + "\n"
    data, _, problems = parse_front_matter(front, "p")
    assert data is None
    assert [(f.line, f.column) for f in problems] == [(2, 4)]
    assert problems[0].message.startswith("YAML syntax error: ")


# --- aliases: each one reported where it is written --------------------------------------------------

ALIAS = "YAML aliases (*name) are not allowed: write the value out in full"


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("a: &x 1\nb: *x\nc: *x\n", [(3, 4, "b"), (4, 4, "c")]),
        ("a: &x [1]\nb: [*x, *x]\nc:\n  d: *x\n", [(3, 5, "b[0]"), (3, 9, "b[1]"), (5, 6, "c.d")]),
        ("tags: &loop [*loop, *loop]\n", [(2, 14, "tags[0]"), (2, 21, "tags[1]")]),
        ("&k a: 1\nb: *k\n", [(3, 4, "b")]),  # the anchor is on a field name
        ("a: &v x\n*v : 1\n", [(3, 1, "front matter")]),  # the alias is a field name
    ],
)
def test_each_alias_is_reported_where_it_is_written(front, expected):
    _, _, problems = parse_front_matter(front, "p")
    assert [(f.line, f.column, f.field, f.message) for f in problems] == [(*e, ALIAS) for e in expected]


def test_an_alias_under_a_merge_key_is_the_merge_keys_finding():
    _, _, problems = parse_front_matter("base: &b {a: 1}\n<<: *b\nc: *b\n", "p")
    assert [(f.line, f.column, f.field) for f in problems] == [(3, 1, "front matter"), (4, 4, "c")]
    assert "merge keys" in problems[0].message


# --- many fields: each located and suggested for without going through all the others ----------------


class _CountingList(list):
    """A node's items that count how often they are gone through."""

    walks = 0

    def __iter__(self):
        type(self).walks += 1
        return super().__iter__()


def test_locating_each_of_many_fields_goes_through_them_once(monkeypatch):
    keys = [f"k{i}" for i in range(2000)]
    text = "---\ntitle: x\n" + "".join(f"{k}: {i}\n" for i, k in enumerate(keys)) + "k5: again\n---\n"
    entry = read_entry(text.encode(), "p", "p")
    assert isinstance(entry, RawEntry)
    monkeypatch.setattr(_CountingList, "walks", 0)
    entry.node.value = _CountingList(entry.node.value)
    assert entry.locate(["title"]) == (2, 8)
    for i, k in enumerate(keys):
        assert entry.locate([k], key=True) == (i + 3, 1)
        assert entry.locate([k]) == (i + 3, len(k) + 3)
    assert entry.locate(["nowhere"], key=True) == (2, 1)  # as near as known: the front matter
    assert _CountingList.walks <= 1


def test_only_the_first_unknown_fields_of_a_mapping_are_given_a_suggestion(monkeypatch):
    from cpd_portfolio.core import checking

    calls = []
    real = checking.difflib.get_close_matches
    monkeypatch.setattr(checking.difflib, "get_close_matches", lambda *a, **k: calls.append(a) or real(*a, **k))
    fields = [f"q{i:04d}" for i in range(1000)]  # sharing too little with any field name to be suggested
    text = "---\ntitle: x\ndate: 2026-03-02\ntype: formal\ntitel: y\n" + "".join(f"{f}: 1\n" for f in fields)
    text += "evidense: []\n---\n"
    entry = read_entry(text.encode(), "p", "p")
    _, findings = checking.check_entry(entry, as_of=dt.date(2026, 11, 29))
    assert len(findings) == 1002  # every unknown field is reported
    assert findings[0].message == "unknown field 'titel' (did you mean 'title'?)"
    assert (findings[1].line, findings[1].field) == (6, "q0000")
    assert findings[1].message.startswith("unknown field 'q0000' (allowed: kind, title, date")
    assert findings[-1].message.startswith("unknown field 'evidense' (allowed: kind, title, date")  # past the cap
    assert len(calls) == checking.SUGGESTED_FIELDS
