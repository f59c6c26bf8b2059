"""Find the portfolio's settings in ./mkdocs.yml, without importing mkdocs."""

from __future__ import annotations

from pathlib import Path

import yaml


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !!python/name or !ENV: read around them."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def plugin_options(project_dir: Path) -> dict:
    """The `cpd` plugin's options from project_dir/mkdocs.yml, or {} when there are none."""
    config_file = project_dir / "mkdocs.yml"
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    plugins = config.get("plugins") if isinstance(config, dict) else None
    items = plugins.items() if isinstance(plugins, dict) else (plugins or [])
    for item in items:
        if isinstance(item, tuple) and item[0] == "cpd":
            return item[1] if isinstance(item[1], dict) else {}
        if isinstance(item, dict) and "cpd" in item:
            return item["cpd"] if isinstance(item["cpd"], dict) else {}
    return {}


def default_entries_dir(project_dir: Path) -> Path:
    """The entries folder named in ./mkdocs.yml (plugin option `entries`), else ./entries."""
    entries = plugin_options(project_dir).get("entries")
    if isinstance(entries, str) and entries:
        path = Path(entries)
        return path if path.is_absolute() or project_dir == Path.cwd() else project_dir / path
    return Path("entries")
