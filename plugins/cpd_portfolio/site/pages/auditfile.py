"""The audit profile as one self-contained HTML file (styles inline, no outside request) and a zip bundle."""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from markupsafe import Markup

from ...core.audit import AuditProfile, EvidenceRow
from .audit import audit_title, profile_data
from .templating import Templates

ASSETS = Path(__file__).resolve().parents[1] / "assets"
_BASE_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; line-height: 1.5;
       max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #1f1f1f; }
h1 { font-size: 1.7rem; } h2 { font-size: 1.3rem; margin-top: 2rem; } h3 { font-size: 1.05rem; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; font-size: 0.92rem; }
caption { text-align: left; font-weight: 700; padding-bottom: 0.4em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.35em 0.6em; text-align: left; vertical-align: top; }
.cpd-fields { display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1em; }
.cpd-fields dt { font-weight: 700; } .cpd-fields dd { margin: 0; }
.cpd-muted, .cpd-missing { color: #555; } .cpd-num { text-align: right; }
"""


def bundle_name(row: EvidenceRow) -> str:
    """The evidence file's name in the bundle: its number, then its own name."""
    name = posixpath.basename(row.evidence.path or "evidence")
    return f"evidence/{row.number:02d}-{name}"


def audit_document(
    profile: AuditProfile,
    *,
    bundled: bool = False,
    assess: bool = False,
    templates: Templates | None = None,
    kept=None,
) -> str:
    """A whole HTML document: opens in any browser, prints cleanly, requests nothing. It is for the auditor: the
    factual profile, unless `assess` adds the owner's standards checklist and notes of what is missing."""
    templates = templates or Templates()

    def href(row: EvidenceRow) -> str | None:
        if row.evidence.url:
            return row.evidence.url
        return bundle_name(row) if bundled else None

    css = _BASE_CSS + (ASSETS / "audit.css").read_text(encoding="utf-8")
    return templates.html(
        "audit-file.html",
        css=Markup(css),  # the package's own styles, not entry text
        title=audit_title(profile, templates._),
        language=templates.language,
        **profile_data(profile, href, assess=assess, kept=kept),
    )


def write_bundle(
    profile: AuditProfile,
    entries_root: Path,
    out: Path,
    *,
    assess: bool = False,
    templates: Templates | None = None,
    kept=None,
) -> int:
    """A zip of the profile and its evidence files, numbered as in the table. Returns its size in bytes."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(
            "profile.html", audit_document(profile, bundled=True, assess=assess, templates=templates, kept=kept)
        )
        for row in profile.evidence:
            if row.evidence.path:
                bundle.write(entries_root / row.evidence.path, bundle_name(row))
    return out.stat().st_size
