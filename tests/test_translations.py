"""The plugin's words in German: every text the templates and page modules mark has a translation that keeps its
placeholders, and a real build with `theme: language: de` is German where the plugin writes, English by default.

The texts are found as a translator's tool finds them: Jinja2's own extraction for the templates, the `ast` of the
page modules for `_("...")`, `site._("...")` and `templates._("...")`, and the core's activity type labels. A new
text without a German entry, or a German entry no page uses any more, fails here.
"""

from __future__ import annotations

import ast
import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from cpd_portfolio.core.entries import TYPE_LABELS
from cpd_portfolio.site.pages.templating import LOCALES, TEMPLATES, Templates, words
from support import REPO, build

GERMAN = LOCALES / "de.yml"
SITE_CODE = TEMPLATES.parent  # plugins/cpd_portfolio/site: its modules, pages/ among them
_PLACEHOLDER = re.compile(r"%%|%\(\w+\)[sd]|%[sd]")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


# --- the texts, as extracted ---------------------------------------------------------------------------------------


def template_msgids() -> dict[str, set[str]]:
    """Each text the templates mark (`_`, `ngettext`'s singular and plural), with the templates using it."""
    env = Templates().extraction_env()
    found: dict[str, set[str]] = {}
    for path in sorted(TEMPLATES.glob("*.html")):
        for _line, _function, message in env.extract_translations(path.read_text(encoding="utf-8")):
            for text in message if isinstance(message, tuple) else (message,):
                if isinstance(text, str):  # None: an argument that is not a constant, e.g. _(labels[type])
                    found.setdefault(text, set()).add(path.name)
    return found


def _marks(call: ast.Call) -> list[str]:
    """The texts a call marks for translation: `_("...")` or `x._("...")`, `ngettext("one", "many", n)`."""
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    count = {"_": 1, "ngettext": 2}.get(name or "")
    if not count:
        return []
    args = call.args[:count]
    return [a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)]


def python_msgids() -> dict[str, set[str]]:
    """Each text the site's Python modules mark, with the modules using it (implicit concatenation: one text)."""
    found: dict[str, set[str]] = {}
    for path in sorted(SITE_CODE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                for text in _marks(node):
                    found.setdefault(text, set()).add(path.relative_to(SITE_CODE).as_posix())
    return found


def all_msgids() -> dict[str, set[str]]:
    found = template_msgids()
    for text, where in python_msgids().items():
        found.setdefault(text, set()).update(where)
    for label in TYPE_LABELS.values():  # translated where they are shown: _(labels[type])
        found.setdefault(label, set()).add("core TYPE_LABELS")
    return found


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def german() -> dict:
    return load(GERMAN)


# Every shipped language file is held to the same checks (German is the first; a contributed one joins it).
SHIPPED = sorted(LOCALES.glob("*.yml"))
shipped = pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])


def placeholders(text: str) -> Counter:
    return Counter(_PLACEHOLDER.findall(text))


# --- completeness --------------------------------------------------------------------------------------------------


def test_extraction_finds_the_texts_of_templates_modules_and_core():
    """The extraction itself works: known texts from each source are found (else every check below is empty)."""
    found = all_msgids()
    assert "Next actions" in found and "dashboard.html" in found["Next actions"]
    assert {"%(num)d gap", "%(num)d gaps"} <= set(found)  # both forms of an ngettext
    assert "overview.py" in " ".join(found["My CPD portfolio"])  # a Python module's site._ / _ = site._
    assert "Audit profile: %(body)s, %(start)s to %(end)s" in found  # audit.py's _(...) over two lines
    assert all(label in found for label in TYPE_LABELS.values())
    assert len(found) > 150


def test_german_is_shipped():
    assert GERMAN in SHIPPED


@shipped
def test_a_language_file_is_a_flat_mapping_of_texts(path: Path):
    table = load(path)
    assert isinstance(table, dict) and table
    bad = {k: v for k, v in table.items() if not (isinstance(k, str) and isinstance(v, str) and v.strip())}
    assert not bad, bad
    assert words(path.stem) == table  # the file the plugin loads for `language: <its name>`
    assert words("de") == german()
    assert words("de-DE") == table and words("en") == {} and words(None) == {}


@shipped
def test_every_text_has_an_entry(path: Path):
    table = load(path)
    missing = {text: sorted(where) for text, where in all_msgids().items() if text not in table}
    assert not missing, f"no translation for (add them to {path.name}): {missing}"


@shipped
def test_no_entry_is_stale(path: Path):
    used = all_msgids()
    stale = sorted(text for text in load(path) if text not in used)
    assert not stale, f"{path.name}: entries no template or module uses any more: {stale}"


@shipped
def test_translations_keep_exactly_the_placeholders(path: Path):
    table = load(path)
    wrong = {
        text: (sorted(placeholders(text).elements()), sorted(placeholders(tr).elements()))
        for text, tr in table.items()
        if placeholders(text) != placeholders(tr)
    }
    assert not wrong, wrong
    # A stray % (not a placeholder, not %%) would make the newstyle gettext's `text % values` fail.
    stray = [tr for tr in table.values() if "%" in _PLACEHOLDER.sub("", tr)]
    assert not stray, stray


@shipped
def test_translations_are_plain_text(path: Path):
    """The i18n extension hands a translation to the page as markup: no tag or entity may sneak in."""
    markup = {text: tr for text, tr in load(path).items() if re.search(r"[<>&]", tr) and not re.search(r"[<>&]", text)}
    assert not markup, markup


def test_translations_are_german_not_english():
    table = german()
    same = sorted(text for text, de in table.items() if de == text)
    assert len(same) <= 0.1 * len(table), f"{len(same)} of {len(table)} left as they are: {same}"
    assert table["Timeline"] == "Zeitleiste" and table["Next actions"] == "Nächste Schritte"


# --- real builds ---------------------------------------------------------------------------------------------------


def _project(root: Path, theme_lines: str = "") -> Path:
    """The sample portfolio, its pages and mkdocs.yml in `root`, the given lines added under `theme:`."""
    shutil.copytree(REPO / "entries", root / "entries")
    shutil.copytree(REPO / "pages", root / "pages")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    anchor = "theme:\n  name: material\n"
    assert anchor in config, "the sample's mkdocs.yml no longer starts its theme with `name: material`"
    (root / "mkdocs.yml").write_text(config.replace(anchor, anchor + theme_lines, 1), encoding="utf-8")
    return root


def _built(project: Path) -> Path:
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project / "out"


class _Content(HTMLParser):
    """The text of a page's content (article.md-content__inner): what the plugin wrote, not the theme's chrome."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        if self.depth:
            self.depth += 1
        elif tag == "article" and "md-content__inner" in (dict(attrs).get("class") or "").split():
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag not in _VOID:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def content(page: Path) -> str:
    parser = _Content()
    parser.feed(page.read_text(encoding="utf-8"))
    text = " ".join(" ".join(parser.parts).split())
    assert text, f"{page}: no article.md-content__inner"
    return text


# Each page, with (English, German) pairs of what the plugin writes on it: its headings, chiefly.
PAGES = {
    "index.html": [
        ("Registrations", "Registrierungen"),
        ("Next actions", "Nächste Schritte"),
        ("This cycle at a glance", "Dieser Zyklus auf einen Blick"),
        ("Latest activities", "Neueste Aktivitäten"),
        ("All activities on the timeline", "Alle Aktivitäten in der Zeitleiste"),
        ("Audit profile", "Auditprofil"),
    ],
    "timeline/index.html": [
        ("Timeline", "Zeitleiste"),
        ("Activities in 2026", "Aktivitäten im Jahr 2026"),
        ("Work-based learning", "Lernen am Arbeitsplatz"),
        ("newest first", "die neuesten zuerst"),
    ],
    "plan/index.html": [
        ("Plan versus achieved", "Plan und Ergebnis"),
        ("Planned and unplanned", "Geplant und ungeplant"),
        ("By activity type", "Nach Aktivitätsart"),
        ("By month", "Nach Monat"),
        ("Objectives and their progress", "Ziele und ihr Fortschritt"),
    ],
    "2024/2024-05-03-estro-2024-congress/index.html": [
        ("Reflection", "Reflexion"),
        ("What I learnt", "Was ich gelernt habe"),
        ("How it improved my practice", "Wie es meine berufliche Praxis verbessert hat"),
        ("Formal / educational", "Formale Bildung"),
    ],
    "audit/hcpc/2023-10-01_2025-09-30/index.html": [
        ("CPD profile:", "CPD-Profil:"),
        ("Personal details", "Angaben zur Person"),
        ("Summary of practice", "Zusammenfassung der beruflichen Tätigkeit"),
        ("Statement of how I have met the standards", "Darlegung, wie ich die Standards erfüllt habe"),
        ("Standards checklist", "Checkliste der Standards"),
        ("All audit profiles", "Alle Auditprofile"),
    ],
}


@pytest.fixture(scope="module")
def german_site(tmp_path_factory) -> Path:
    return _built(_project(tmp_path_factory.mktemp("de"), "  language: de\n"))


@pytest.fixture(scope="module")
def english_site(tmp_path_factory) -> Path:
    return _built(_project(tmp_path_factory.mktemp("en")))


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_german_build_writes_the_plugins_words_in_german(german_site: Path, page: str):
    text = content(german_site / page)
    for english, de in PAGES[page]:
        assert de in text, f"{page}: no '{de}'"
        assert english not in text, f"{page}: '{english}' is still English"


def test_a_german_build_has_german_titles_and_chrome(german_site: Path):
    html = (german_site / "timeline" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in html
    assert "<title>Zeitleiste - " in html  # the page title, from the page module's site._("Timeline")
    assert 'placeholder="Suche"' in html and 'aria-label="Hauptnavigation"' in html  # Material's own German
    assert 'placeholder="Search"' not in html
    dashboard = (german_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'aria-label="\d+ % des Zyklus sind vergangen"', dashboard)  # %% kept, then formatted


def test_entry_text_stays_as_written(german_site: Path):
    """Only the plugin's words are translated: the activity's own title and reflection are the owner's."""
    text = content(german_site / "2024" / "2024-05-03-estro-2024-congress" / "index.html")
    assert "ESTRO 2024 congress, Glasgow" in text
    assert "I went to ESTRO mainly for the small-field sessions" in text


def test_a_users_own_words_win_over_the_shipped_ones(tmp_path):
    project = _project(tmp_path, "  language: de\n  custom_dir: overrides\n")
    locales = project / "overrides" / "cpd" / "locales"
    locales.mkdir(parents=True)
    (locales / "de.yml").write_text('"Timeline": "Chronik"\n', encoding="utf-8")
    site = _built(project)
    timeline = content(site / "timeline" / "index.html")
    assert timeline.startswith("Chronik ") and "Zeitleiste" not in timeline
    assert "<title>Chronik - " in (site / "timeline" / "index.html").read_text(encoding="utf-8")
    # One entry changed: every other word is still the shipped German.
    dashboard = content(site / "index.html")
    assert "Nächste Schritte" in dashboard and "Alle Aktivitäten in der Zeitleiste" in dashboard
    assert "Aktivitäten im Jahr 2026" in timeline


def _distinctive_german() -> list[str]:
    """German texts that no English page could hold by chance: several words, or a letter English lacks."""
    return sorted(
        de
        for text, de in german().items()
        if de != text and "%" not in de and len(de) >= 6 and (" " in de or re.search(r"[äöüÄÖÜß]", de))
    )


def test_an_english_build_has_no_german(english_site: Path):
    phrases = _distinctive_german()
    assert len(phrases) > 100
    pages = sorted(p for p in english_site.rglob("*.html") if "assets" not in p.parts)
    assert len(pages) > 40
    for page in pages:
        text = content(page) if b"md-content__inner" in page.read_bytes() else ""
        found = [de for de in phrases if de in text]
        assert not found, f"{page.relative_to(english_site)}: {found}"
    for page in sorted(PAGES):
        text = content(english_site / page)
        for english, _de in PAGES[page]:
            assert english in text, f"{page}: no '{english}'"
    html = (english_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in html and 'placeholder="Search"' in html and "Suche" not in html
    assert "<title>Dashboard - " in html
