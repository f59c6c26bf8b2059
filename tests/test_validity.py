"""The checker's fast path (core.validity) gives jsonschema's answer, and the checker's findings do not change.

The generated instances near the schema's edges are in test_properties.py
(test_fast_validity_agrees_with_jsonschema); here are the corner cases by name, every entry of the golden,
hostile and sample corpora, and the fallback when the schema uses a keyword the fast path does not know.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import jsonschema
import pytest
from cpd_portfolio.core import checking
from cpd_portfolio.core.checking import _kind_is_valid, _kind_validator, kind_of
from cpd_portfolio.core.dates import FIRST_DAY, LAST_DAY
from cpd_portfolio.core.portfolio import load_portfolio
from cpd_portfolio.core.reading import RawEntry, read_entry
from cpd_portfolio.core.validity import Unsupported, compile_schema
from support import AS_OF, REPO

FORMATS = jsonschema.Draft202012Validator.FORMAT_CHECKER
CORPORA = [REPO / "tests" / "golden", REPO / "tests" / "hostile", REPO / "entries"]


def _agree(schema: dict, value: object) -> bool:
    """The fast answer, after checking that it is jsonschema's."""
    fast = compile_schema(schema)(value)
    assert fast == jsonschema.Draft202012Validator(schema, format_checker=FORMATS).is_valid(value), value
    return fast


@pytest.mark.parametrize(
    ("schema", "value", "valid"),
    [
        ({"type": "number", "exclusiveMinimum": 0, "maximum": 1000}, True, False),  # a boolean is not a number
        ({"type": "number", "exclusiveMinimum": 0, "maximum": 1000}, 0, False),
        ({"type": "number", "exclusiveMinimum": 0, "maximum": 1000}, 1000, True),
        ({"type": "number", "exclusiveMinimum": 0, "maximum": 1000}, 1000.5, False),
        ({"type": "number", "minimum": 1, "exclusiveMaximum": 2}, 2, False),
        ({"type": "number", "minimum": 1, "exclusiveMaximum": 2}, 1, True),
        ({"type": ["string", "integer"]}, 5.0, True),  # 5.0 is an integer to JSON Schema
        ({"type": ["string", "integer"]}, 5.5, False),
        ({"type": ["string", "integer"]}, False, False),
        ({"type": "integer"}, 1, True),
        ({"type": "null"}, None, True),
        ({"type": "string", "format": "date"}, "2026-02-29", False),
        ({"type": "string", "format": "date"}, "2028-02-29", True),
        ({"type": "string", "pattern": "^[a-z]+$"}, "abc\n", True),  # $ matches before a final newline, as in re
        ({"type": "string", "pattern": "b"}, "abc", True),  # a pattern is searched for, not matched
        ({"type": "string", "minLength": 2, "maxLength": 3}, "é", False),
        ({"type": "string", "minLength": 2, "maxLength": 3}, "abcd", False),
        ({"minLength": 2, "exclusiveMinimum": 3}, None, True),  # keywords of other types leave a value alone
        ({"minLength": 2, "exclusiveMinimum": 3}, "a", False),
        ({"enum": ["a", "b"]}, "b", True),
        ({"enum": ["a", "b"]}, ["a"], False),
        ({"const": "activity"}, "activity", True),
        ({"const": "activity"}, "Activity", False),
        ({"required": ["a"], "properties": {"a": {"type": "string"}}, "additionalProperties": False}, {"a": "x"}, True),
        ({"required": ["a"], "properties": {"a": {"type": "string"}}, "additionalProperties": False}, {}, False),
        ({"required": ["a"], "properties": {"a": {"type": "string"}}, "additionalProperties": False}, {"a": 1}, False),
        ({"properties": {"a": {"type": "string"}}, "additionalProperties": False}, {"b": "x"}, False),
        ({"properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "integer"}}, {"b": 2}, True),
        ({"items": {"type": "string"}}, ["a", 1], False),
        ({"items": {"type": "string"}}, "not a list", True),
        ({"oneOf": [{"type": "string"}, {"type": "string", "minLength": 3}]}, "abcd", False),  # two branches fit
        ({"oneOf": [{"type": "string"}, {"type": "integer"}]}, 3, True),
        ({"allOf": [{"type": "string"}, {"minLength": 3}]}, "ab", False),
        ({"if": {"const": "a"}, "then": {"minLength": 2}}, "a", False),
        ({"if": {"const": "a"}, "then": {"minLength": 2}, "else": {"maxLength": 1}}, "bc", False),
        (True, {"anything": 1}, True),
        ({"properties": {"a": False}}, {"a": 1}, False),
    ],
)
def test_named_corner_cases(schema: dict, value: object, valid: bool):
    assert _agree(schema, value) is valid


@pytest.mark.parametrize(
    "schema",
    [
        {"uniqueItems": True},
        {"$ref": "#/$defs/x"},
        {"enum": [1, "a"]},  # jsonschema tells True from 1; Python's == does not
        {"const": 1},
        {"type": "decimal"},
        {"items": [{"type": "string"}]},
        {"properties": {"a": {"patternProperties": {}}}},
        {"type": "string", "format": "email"},  # jsonschema would check it, or not, by what is installed
    ],
)
def test_what_is_not_compiled_is_refused(schema: dict):
    with pytest.raises(Unsupported):
        compile_schema(schema)


def _corpus_entries() -> list[tuple[str, RawEntry]]:
    found = []
    for folder in CORPORA:
        for path in sorted(folder.rglob("*.md")):
            if not path.is_file():
                continue  # the hostile corpus holds a FIFO and looping links
            raw = read_entry(path.read_bytes(), str(path), path.name)
            if isinstance(raw, RawEntry):
                found.append((str(path.relative_to(REPO)), raw))
    return found


def test_every_corpus_entry_gets_jsonschemas_answer():
    entries = _corpus_entries()
    answers = {True: 0, False: 0}
    for name, raw in entries:
        kind = kind_of(raw.data)
        if kind is None:
            continue
        fast = _kind_is_valid(kind)(raw.data)
        assert fast == _kind_validator(kind).is_valid(raw.data), name
        answers[fast] += 1
    # Both answers are exercised: the corpora hold valid and invalid entries of every kind.
    assert answers[True] > 40 and answers[False] > 40, answers


def _edges(node: object) -> list:
    """Values at a schema's edges: one of each type, each bound and its neighbours, lengths about each limit,
    members of an enum and near misses, dates that are and are not, and lists of the items' edges."""
    values: list = [None, True, False, 0, -1, 1.5, 3.0, "", "x", "2026-02-28", [], {}, {"title": "x"}]
    if not isinstance(node, dict):
        return values
    for sub in [*node.get("oneOf", []), *node.get("allOf", [])]:
        values += _edges(sub)
    for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        if key in node:
            bound = node[key]
            values += [bound - 1, bound - 0.5, bound, bound + 0.5, bound + 1]
    for key in ("minLength", "maxLength"):
        if key in node:
            values += ["a" * max(node[key] - 1, 0), "a" * node[key], "a" * (node[key] + 1)]
    for member in [*node.get("enum", []), *([node["const"]] if "const" in node else [])]:
        values += [member, member.upper() + "x", member + "\n"]
    if node.get("format") == "date":
        values += ["2026-02-30", "2028-02-29", "2026-2-1", "2026-02-28\n", "2026-02-28T10:00"]
        # The ends of the supported range and their neighbours, and the ends of the calendar.
        ends = [FIRST_DAY - dt.timedelta(days=1), FIRST_DAY, LAST_DAY, LAST_DAY + dt.timedelta(days=1)]
        values += [day.isoformat() for day in ends] + ["0001-01-01", "9999-12-31", "0000-01-01"]
    if "pattern" in node:
        values += ["a", "a-b", "a--b", "A:b", "a:b", "a:", "https://x.org/a", "http://", "https://a b", "ftp://x"]
    if "items" in node:
        values += [[edge] for edge in _edges(node["items"])]
    return values


def _bases(kind: str) -> list[dict]:
    """The sample portfolio's valid entries of a kind, those with most fields first."""
    is_valid = _kind_validator(kind).is_valid
    found = [raw.data for _, raw in _corpus_entries() if kind_of(raw.data) == kind and is_valid(raw.data)]
    return sorted(found, key=lambda d: -len(d))[:2]


@pytest.mark.parametrize("kind", ["activity", "objective", "break", "profile"])
def test_every_field_at_its_edges(kind: str):
    """Each field of a valid entry, then each field of each item in its lists, set to each of its edge values:
    the fast answer is jsonschema's. Deterministic, so a wrong bound or type is caught every time."""
    schema = _kind_validator(kind).schema
    is_valid = _kind_is_valid(kind)
    validator = _kind_validator(kind)
    bases = _bases(kind)
    assert bases, f"no valid {kind} in the corpora"
    answers = {True: 0, False: 0}

    def agree(instance: dict, where: str) -> None:
        fast = is_valid(instance)
        assert fast == validator.is_valid(instance), (where, instance)
        answers[fast] += 1

    for base in bases:
        for field, sub in schema["properties"].items():
            for value in _edges(sub):
                agree({**base, field: copy.deepcopy(value)}, field)
            items = base.get(field)
            item_schemas = [sub.get("items", {}), *sub.get("items", {}).get("oneOf", [])]
            for i, item in enumerate(items if isinstance(items, list) else []):
                for item_schema in item_schemas:
                    for key, item_sub in item_schema.get("properties", {}).items():
                        for value in _edges(item_sub):
                            changed = copy.deepcopy(items)
                            changed[i] = {**item, key: value} if isinstance(item, dict) else {key: value}
                            agree({**base, field: changed}, f"{field}[{i}].{key}")
        for field in list(base):
            agree({k: v for k, v in base.items() if k != field}, f"without {field}")
    assert answers[True] > 20 and answers[False] > 100, answers


def test_every_kind_of_the_shipped_schema_is_compiled():
    # Else the fast path is silently off and checking a large portfolio several times slower.
    assert all(_kind_is_valid(kind) is not None for kind in ("activity", "objective", "break", "profile"))


@pytest.mark.parametrize("folder", CORPORA, ids=lambda p: p.name)
def test_findings_are_the_same_without_the_fast_path(folder: Path, monkeypatch: pytest.MonkeyPatch):
    with_fast = [str(f) for f in load_portfolio(folder, as_of=AS_OF).findings]
    monkeypatch.setattr(checking, "_kind_is_valid", lambda kind: None)  # as when the schema is not compiled
    without = [str(f) for f in load_portfolio(folder, as_of=AS_OF).findings]
    assert with_fast == without
    assert without  # each corpus has findings to compare
