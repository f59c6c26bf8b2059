"""The floor `cpd check` is compared with: the least work any checker of this schema must do.

    python benchmarks/check_floor.py DIR

Reads every .md under DIR, splits the front matter, parses it with PyYAML's C loader and validates it with one
compiled jsonschema validator of schema/entry.schema.json (with its format checker); prints the error count.

The loader is yaml.CSafeLoader with one change, as in the checker: timestamps stay text. Without it an unquoted
date would be a datetime.date, fail `"type": "string"` and skip the pattern and format checks, so the floor
would do different work from the checker (and report an error for every date).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
import yaml

SCHEMA = Path(__file__).resolve().parent.parent / "schema" / "entry.schema.json"


class Loader(yaml.CSafeLoader):
    pass


Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.constructor.SafeConstructor.construct_yaml_str)


def front_matter(text: str) -> str | None:
    text = text.removeprefix("\ufeff")
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end < 0:
        end = text.find("\n---", 3)
        if end < 0 or text[end + 4 :].strip():
            return None
    return text[4 : end + 1]


def count_errors(root: Path) -> tuple[int, int]:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    files = errors = 0
    for path in sorted(root.rglob("*.md")):
        files += 1
        front = front_matter(path.read_text(encoding="utf-8").replace("\r\n", "\n"))
        if front is None:
            errors += 1
            continue
        try:
            data = yaml.load(front, Loader=Loader)
        except yaml.YAMLError:
            errors += 1
            continue
        errors += sum(1 for _ in validator.iter_errors(data if data is not None else {}))
    return files, errors


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python benchmarks/check_floor.py DIR", file=sys.stderr)
        return 2
    files, errors = count_errors(Path(args[0]))
    print(f"{files} files, {errors} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
