"""The audit profile as one self-contained HTML file (styles inline, no outside request) and a zip bundle."""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from ...core.audit import AuditProfile, EvidenceRow
from .audit import audit_body
from .common import esc

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


def audit_document(profile: AuditProfile, *, bundled: bool = False, assess: bool = False) -> str:
    """A whole HTML document: opens in any browser, prints cleanly, requests nothing. It is for the auditor: the
    factual profile, unless `assess` adds the owner's standards checklist and notes of what is missing."""

    def href(row: EvidenceRow) -> str | None:
        if row.evidence.url:
            return row.evidence.url
        return bundle_name(row) if bundled else None

    css = _BASE_CSS + (ASSETS / "audit.css").read_text(encoding="utf-8")
    title = f"CPD profile: {profile.body_name}, {profile.cycle.start.isoformat()} to {profile.cycle.end.isoformat()}"
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # No request may leave the file: block everything but inline styles and bundled files.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:\">\n"
        f"<title>{esc(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
        + audit_body(profile, href, assess=assess)
        + "</body>\n</html>\n"
    )


def write_bundle(profile: AuditProfile, entries_root: Path, out: Path, *, assess: bool = False) -> int:
    """A zip of the profile and its evidence files, numbered as in the table. Returns its size in bytes."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("profile.html", audit_document(profile, bundled=True, assess=assess))
        for row in profile.evidence:
            if row.evidence.path:
                bundle.write(entries_root / row.evidence.path, bundle_name(row))
    return out.stat().st_size
