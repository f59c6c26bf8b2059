"""Find the portfolio's settings in ./mkdocs.yml, without importing mkdocs."""

from __future__ import annotations

from pathlib import Path

import yaml


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !!python/name or !ENV: read around them."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _config(project_dir: Path) -> dict:
    try:
        config = yaml.load((project_dir / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return config if isinstance(config, dict) else {}


def theme_settings(project_dir: Path) -> tuple[tuple[Path, ...], str | None]:
    """The theme's custom_dir (whose cpd/ folder overrides the pages' templates) and language, from mkdocs.yml, as
    the plugin reads them from MkDocs' config: the commands' pages and files look as the site's do."""
    theme = _config(project_dir).get("theme")
    if not isinstance(theme, dict):
        return (), None
    custom = theme.get("custom_dir")
    dirs = (project_dir / custom,) if isinstance(custom, str) and custom else ()
    language = theme.get("language")
    return dirs, language if isinstance(language, str) else None


def site_url(project_dir: Path) -> str | None:
    """The site's published address (site_url in mkdocs.yml), or None."""
    url = _config(project_dir).get("site_url")
    return url if isinstance(url, str) and url else None


def plugin_options(project_dir: Path) -> dict:
    """The `cpd` plugin's options from project_dir/mkdocs.yml, or {} when there are none."""
    config = _config(project_dir)
    plugins = config.get("plugins")
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
