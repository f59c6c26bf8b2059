"""Write a synthetic CPD portfolio in the entry format, reproducible from a seed.

    python benchmarks/portfolio_gen.py OUT_DIR --activities 1000 --seed 1

OUT_DIR becomes the entries folder: profile.md, objectives/, breaks/, YYYY/YYYY-MM-DD-slug.md and evidence/.
Everything written passes `cpd check` with 0 errors (and, checked on or after 2026-11-01, 0 warnings).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

LAST_DAY = dt.date(2026, 10, 31)  # every activity ends before 2026-11-01
PER_YEAR = 40
ACTIVITIES_PER_OBJECTIVE = 25

TYPES = ("work-based", "professional", "formal", "self-directed", "other")
METHODS = {
    "work-based": ("Incident review", "Plan peer review", "Commissioning", "Audit", "Shadowing", "Case review"),
    "professional": ("Committee work", "Peer review of a paper", "Professional body meeting", "Mentoring"),
    "formal": ("Course", "Conference", "MSc module", "Workshop", "e-learning module"),
    "self-directed": ("Reading", "Journal club", "Podcast", "Online tutorial", "Writing a review"),
    "other": ("Public engagement", "Volunteering", "Science festival", "School visit"),
}
COMPETENCES = [
    f"UK-SPEC:{letter}{n}" for letter, top in zip("ABCDE", (5, 5, 5, 5, 5), strict=True) for n in range(1, top + 1)
]
TAGS = (
    "radiotherapy", "dosimetry", "imaging", "mri", "safety", "teaching", "leadership", "audit", "research",
    "quality", "software", "brachytherapy", "protection", "statistics", "communication",
)  # fmt: skip
SUBJECTS = (
    "small-field dosimetry", "MR safety", "treatment planning", "patient-specific QA", "auto-contouring",
    "brachytherapy dosimetry", "radiation protection", "incident learning", "trainee supervision",
    "statistics for audit", "beam modelling", "image registration", "proton therapy", "risk assessment",
    "service improvement", "clinical governance", "machine QA", "in-vivo dosimetry", "adaptive radiotherapy",
)  # fmt: skip
_WORD_TEXT = """
able about accuracy acted action added advice after again agreed aimed analysis applied approach asked assumed
audit aware balance baseline beam before began believe benefit better between brief calibration careful case
caught changed checked clear clinical colleague commissioning common compared complex concern confident
consider constraint context could course critical data deadline decided deeper delivery department depend
design detail detector developed difference difficult discussed dose draft during early effect effort
engineer enough error evaluated evidence example expected experience explained failure feedback field
finally found future gained gap group guidance habit handled helped however idea impact important improved
incident included instead interesting issue journal judgement kept knowledge later learnt lesson limit
linac local looked machine managed manual measured meeting method mistake model monitor needed network
noticed number observed often outcome patient paper perhaps physics plan planned point policy practice
prepared presented pressure problem procedure process protocol question quickly radiographer rather reading
realised reason recorded reflect relevant remember report result review risk role routine safety sample
scanner schedule scientist second session setting shared should simple skill slowly software source
specific staff standard started strength structure student suggested supervisor support system team
technique tested thought timing tolerance trainee training treatment trust understand unexpected useful
value verify version view visit weakness whether widely without worked workload worth wrote year
"""
WORDS = _WORD_TEXT.split()
FIRST_WORDS = ("I", "We", "The team", "My supervisor", "The session", "This", "Afterwards I", "Next time I")


def _title(rng: random.Random, kind: str, subject: str) -> str:
    method = rng.choice(METHODS[kind])
    return f"{method}: {subject}" if rng.random() < 0.7 else f"{subject.capitalize()} ({method.lower()})"


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
    return f"{rng.choice(FIRST_WORDS)} {' '.join(words)}."


def _reflection(rng: random.Random) -> str:
    target = rng.randint(200, 377)  # a sentence has at most 23 words: 200 to 400 words in all
    paragraphs, words = [], 0
    while words < target:
        paragraph = []
        for _ in range(rng.randint(3, 6)):
            sentence = _sentence(rng)
            paragraph.append(sentence)
            words += len(sentence.split())
            if words >= target:
                break
        paragraphs.append(" ".join(paragraph))
    return "\n\n".join(paragraphs) + "\n"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def _slug(text: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in text.lower())
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")[:50].rstrip("-")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def generate(folder: Path, activities: int, seed: int = 1) -> dict[str, int]:
    """Write the portfolio into `folder` (the entries folder); return how many files of each kind were written."""
    rng = random.Random(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    counts = {"profile": 1, "objectives": 0, "activities": 0, "breaks": 0, "evidence": 0}

    # Dates: about PER_YEAR a year, the last one on LAST_DAY at the latest.
    years = max(1.0, activities / PER_YEAR)
    first_day = LAST_DAY - dt.timedelta(days=round(365.25 * years))
    span = (LAST_DAY - first_day).days
    dates = sorted(first_day + dt.timedelta(days=rng.randrange(span - 5)) for _ in range(activities))

    _write(
        folder / "profile.md",
        "---\nkind: profile\nname: Dr Synthetic Example\nrole: Principal Clinical Scientist\nregistrations:\n"
        "  - body: hcpc\n    number: CS00001\n    designation: Clinical Scientist\n    renewal: 2027-03-31\n"
        '  - body: science-council\n    number: "204731"\n    designation: CSci\n---\n' + _reflection(rng),
    )

    # One objective per ACTIVITIES_PER_OBJECTIVE activities (at least 3), each covering a run of dates.
    n_objectives = max(3, activities // ACTIVITIES_PER_OBJECTIVE)
    objectives: list[tuple[str, dt.date, dt.date]] = []  # (id, set, due)
    for k in range(n_objectives):
        lo = dates[min(len(dates) - 1, k * activities // n_objectives)] if dates else first_day
        hi = dates[min(len(dates) - 1, ((k + 1) * activities) // n_objectives - 1)] if dates else LAST_DAY
        subject = rng.choice(SUBJECTS)
        oid = f"{_slug(subject)}-{k + 1}"
        set_on = lo - dt.timedelta(days=rng.randint(10, 60))
        due = max(hi, set_on) + dt.timedelta(days=rng.randint(30, 200))
        lines = [
            "kind: objective",
            f"id: {oid}",
            f"title: {_q('Develop my practice in ' + subject)}",
            f"date: {set_on.isoformat()}",
            f"due: {due.isoformat()}",
            f"need: {_q(_sentence(rng))}",
            f"success: {_q(_sentence(rng))}",
            f"target_hours: {rng.choice((10, 20, 30, 40, 60))}",
            "competences: [" + ", ".join(rng.sample(COMPETENCES, 2)) + "]",
            "tags: [" + ", ".join(rng.sample(TAGS, 2)) + "]",
        ]
        if due < LAST_DAY - dt.timedelta(days=90):
            closed = min(due, LAST_DAY)
            if rng.random() < 0.85:
                lines += ["status: achieved", f"closed: {closed.isoformat()}", f"evaluation: {_q(_sentence(rng))}"]
            else:
                lines += ["status: dropped", f"closed: {closed.isoformat()}"]
        else:
            lines.append("status: active")
        _write(folder / "objectives" / f"{oid}.md", "---\n" + "\n".join(lines) + "\n---\nAction plan:\n\n1. "
               + _sentence(rng) + "\n2. " + _sentence(rng) + "\n")  # fmt: skip
        objectives.append((oid, set_on, due))
        counts["objectives"] += 1

    # A break now and then: one per 150 activities, inside a gap between two activities.
    gaps = [i for i in range(len(dates) - 1) if (dates[i + 1] - dates[i]).days >= 4]
    for b in range(min(len(gaps), activities // 150)):
        i = gaps[rng.randrange(len(gaps))]
        start = dates[i] + dt.timedelta(days=1)
        end = min(start + dt.timedelta(days=rng.randint(2, 120)), dates[i + 1] - dt.timedelta(days=1))
        reason = rng.choice(("illness", "parental leave", "career break", "caring responsibilities"))
        _write(
            folder / "breaks" / f"{start.isoformat()}-break-{b + 1}.md",
            f"---\nkind: break\ntitle: {_q(reason.capitalize())}\ndate: {start.isoformat()}\n"
            f"end: {end.isoformat()}\nreason: {reason}\n---\n",
        )
        counts["breaks"] += 1

    for i, date in enumerate(dates):
        kind = TYPES[i % len(TYPES)] if rng.random() < 0.6 else rng.choice(TYPES)
        subject = rng.choice(SUBJECTS)
        title = _title(rng, kind, subject)
        lines = [f"title: {_q(title)}", f"date: {date.isoformat()}"]
        if rng.random() < 0.15:
            lines.append(f"end: {min(LAST_DAY, date + dt.timedelta(days=rng.randint(1, 4))).isoformat()}")
        hours = rng.choice((1, 2, 3, 7, 14)) if rng.random() < 0.5 else round(rng.uniform(0.25, 40), 2)
        lines += [
            f"hours: {hours}",
            f"type: {kind}",
            f"method: {_q(rng.choice(METHODS[kind]))}",
        ]
        k = min(n_objectives - 1, i * n_objectives // max(1, activities))
        if rng.random() < 0.8:
            ids = [objectives[k][0]]
            if rng.random() < 0.2:
                ids.append(objectives[rng.randrange(n_objectives)][0])
            lines.append("objectives:\n" + "".join(f"  - {oid}\n" for oid in dict.fromkeys(ids)).rstrip("\n"))
        lines.append("outcomes:\n" + "\n".join(f"  - {_q(_sentence(rng))}" for _ in range(rng.randint(1, 4))))
        lines.append(f"application: {_q(_sentence(rng) + ' ' + _sentence(rng))}")
        lines.append(f"benefit: {_q(_sentence(rng))}")
        lines.append("competences:\n" + "\n".join(f"  - {c}" for c in rng.sample(COMPETENCES, rng.randint(1, 3))))
        lines.append("tags: [" + ", ".join(rng.sample(TAGS, rng.randint(1, 4))) + "]")
        if i % 5 == 2:
            name = f"{date.year}-{i:05d}-{_slug(subject)}.txt"
            _write(folder / "evidence" / name, f"Evidence for {title}\n{_sentence(rng)}\n")
            counts["evidence"] += 1
            if rng.random() < 0.5:
                lines.append(f"evidence:\n  - ../evidence/{name}")
            else:
                lines.append(f"evidence:\n  - path: ../evidence/{name}\n    title: {_q('Certificate: ' + subject)}")
            if rng.random() < 0.3:
                lines.append(f"  - url: https://example.org/cpd/{i}\n    title: Course page")
        if i % 50 == 17:
            lines.append("private: true")
        if rng.random() < 0.05:
            lines.append("highlight: true")
        path = folder / f"{date.year:04d}" / f"{date.isoformat()}-{_slug(title)}-{i}.md"
        _write(path, "---\n" + "\n".join(lines) + "\n---\n" + _reflection(rng))
        counts["activities"] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic CPD portfolio (the entries folder).")
    parser.add_argument("out_dir", type=Path, help="the entries folder to write (created if missing)")
    parser.add_argument("--activities", type=int, default=1000, help="number of activities (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    counts = generate(args.out_dir, args.activities, args.seed)
    print(", ".join(f"{n} {k}" for k, n in counts.items()), "written to", args.out_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
