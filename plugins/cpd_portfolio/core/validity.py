"""Is an instance valid? A yes-or-no answer compiled from a JSON Schema: the checker's fast path.

jsonschema explains every error well, but it walks the schema anew for each entry, and most entries are
valid: checking a portfolio of thousands spent most of its time proving so. `compile_schema` turns a schema
into nested closures that answer only "valid or not", about ten times faster. The checker asks jsonschema for
the errors only when the answer is no, so every message still comes from jsonschema.

Only the keywords the entry schema uses are compiled, with jsonschema's meaning (Draft 2020-12), and the one
format it uses ("date", checked as jsonschema checks it). Any other keyword or format raises `Unsupported`, and
the checker then asks jsonschema about every entry: a schema change can make checking slower, never wrong. The
tests hold the two to the same answer on generated and hostile entries.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

Check = Callable[[object], bool]

# Keywords that say nothing about validity.
ANNOTATIONS = frozenset(
    {"$schema", "$id", "$comment", "title", "description", "examples", "default", "deprecated", "readOnly"}
)


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


def _is_date(value: str) -> bool:
    # jsonschema's own test for "date" (jsonschema._format.is_date).
    try:
        return bool(_DATE.fullmatch(value) and dt.date.fromisoformat(value))
    except ValueError:
        return False


FORMATS: dict[str, Check] = {"date": _is_date}


class Unsupported(ValueError):
    """The schema uses a keyword (or a form of one) that is not compiled here."""


def _always(value: object) -> bool:
    return True


def _never(value: object) -> bool:
    return False


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_integer(value: object) -> bool:
    # As jsonschema: 3.0 is an integer; True is not.
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, str),
    "integer": _is_integer,
    "number": _is_number,
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


def _strings(values: object, keyword: str) -> frozenset[str]:
    # jsonschema's equality tells True from 1; only sets of strings are compiled, where == means the same.
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise Unsupported(f"{keyword} with other values than strings")
    return frozenset(values)


def _all(checks: list[Check]) -> Check:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]

    def check(value: object) -> bool:
        return all(one(value) for one in checks)

    return check


def _type(node: dict) -> Check:
    names = node["type"] if isinstance(node["type"], list) else [node["type"]]
    if not all(isinstance(n, str) and n in TYPES for n in names):
        raise Unsupported(f"type {node['type']!r}")
    tests = [TYPES[n] for n in names]
    return tests[0] if len(tests) == 1 else (lambda v: any(t(v) for t in tests))


def _string(node: dict, formats: dict[str, Check]) -> Check | None:
    low, high = node.get("minLength", 0), node.get("maxLength")
    pattern = re.compile(node["pattern"]).search if "pattern" in node else None
    form = node.get("format")
    if form is not None and form not in formats:
        raise Unsupported(f"format {form!r}")
    conforms = formats.get(form, _always)
    if not (low or high is not None or pattern or form):
        return None

    def check(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if len(value) < low or (high is not None and len(value) > high):
            return False
        if pattern is not None and not pattern(value):
            return False
        return conforms(value)

    return check


def _number(node: dict) -> Check | None:
    bounds = [(k, node[k]) for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") if k in node]
    if not bounds:
        return None
    if not all(_is_number(b) for _, b in bounds):
        raise Unsupported("a bound that is not a number")
    low, high = node.get("minimum"), node.get("maximum")
    above, below = node.get("exclusiveMinimum"), node.get("exclusiveMaximum")

    def check(value: object) -> bool:
        if not _is_number(value):
            return True
        return not (
            (low is not None and value < low)
            or (high is not None and value > high)
            or (above is not None and value <= above)
            or (below is not None and value >= below)
        )

    return check


def _object(node: dict, formats: dict[str, Check]) -> Check | None:
    required = node.get("required", [])
    if not isinstance(required, list) or not all(isinstance(k, str) for k in required):
        raise Unsupported("required that is not a list of names")
    properties = {k: _compile(v, formats) for k, v in node.get("properties", {}).items()}
    extra = _compile(node["additionalProperties"], formats) if "additionalProperties" in node else _always
    if not (required or properties or extra is not _always):
        return None

    def check(value: object) -> bool:
        if not isinstance(value, dict):
            return True
        for key in required:
            if key not in value:
                return False
        return all(properties.get(key, extra)(item) for key, item in value.items())

    return check


def _items(node: dict, formats: dict[str, Check]) -> Check:
    each = _compile(node["items"], formats)
    return lambda v: not isinstance(v, list) or all(each(item) for item in v)


KEYWORDS = frozenset(
    {"type", "enum", "const", "minLength", "maxLength", "pattern", "format", "minimum", "maximum"}
    | {"exclusiveMinimum", "exclusiveMaximum", "required", "properties", "additionalProperties", "items"}
    | {"allOf", "oneOf", "if", "then", "else", "minItems", "minProperties"}
)


def _compile(node: object, formats: dict[str, Check]) -> Check:
    if node is True:
        return _always
    if node is False:
        return _never
    if not isinstance(node, dict):
        raise Unsupported(f"a schema that is a {type(node).__name__}")
    unknown = set(node) - KEYWORDS - ANNOTATIONS
    if unknown:
        raise Unsupported(f"keyword {sorted(unknown)[0]!r}")
    checks: list[Check] = []
    if "type" in node:
        checks.append(_type(node))
    if "const" in node:
        (const,) = _strings([node["const"]], "const")
        checks.append(lambda v: isinstance(v, str) and v == const)
    if "enum" in node:
        members = _strings(node["enum"], "enum")
        checks.append(lambda v: isinstance(v, str) and v in members)
    checks += [c for c in (_string(node, formats), _number(node), _object(node, formats)) if c is not None]
    if "items" in node:
        checks.append(_items(node, formats))
    for keyword, kind in (("minItems", list), ("minProperties", dict)):
        if keyword in node:
            least = node[keyword]
            if not (isinstance(least, int) and not isinstance(least, bool)):
                raise Unsupported(f"{keyword} that is not a whole number")
            checks.append(lambda v, kind=kind, least=least: not isinstance(v, kind) or len(v) >= least)
    for sub in node.get("allOf", []):
        checks.append(_compile(sub, formats))
    if "oneOf" in node:
        branches = [_compile(sub, formats) for sub in node["oneOf"]]
        checks.append(lambda v: sum(1 for b in branches if b(v)) == 1)
    if "if" in node:
        test = _compile(node["if"], formats)
        then = _compile(node.get("then", True), formats)
        otherwise = _compile(node.get("else", True), formats)
        checks.append(lambda v: then(v) if test(v) else otherwise(v))
    return _all(checks)


def inline_refs(node: object, defs: dict) -> object:
    """`node` with every local $ref (#/$defs/NAME) written out, for compile_schema, which takes none."""
    if isinstance(node, dict):
        if "$ref" in node:
            target = inline_refs(defs[node["$ref"].rsplit("/", 1)[1]], defs)
            return {**target, **{k: inline_refs(v, defs) for k, v in node.items() if k != "$ref"}}
        return {k: inline_refs(v, defs) for k, v in node.items()}
    if isinstance(node, list):
        return [inline_refs(item, defs) for item in node]
    return node


def compile_schema(schema: dict, formats: dict[str, Check] = FORMATS) -> Check:
    """A function that says whether an instance is valid by `schema` (with no $ref left in it), checking each
    format with its function in `formats`. Raises Unsupported for a keyword or format it does not know."""
    return _compile(schema, formats)
