"""(Re)create the `cpd import` test fixtures in this folder, byte for byte the same on every run.

    .venv/bin/python tests/importing/make_fixtures.py

Writes records.csv, records-1252.csv, formula.csv, records.xlsx and records.docx next to this script. README.md here
says what each row of each fixture is meant to test; keep the two in step when a row is changed.

Determinism: the CSV files are written from fixed text. The xlsx and docx files are zip archives whose document
properties are set to FIXED_TIME here, and whose zip entries are rewritten afterwards with a fixed timestamp (both
openpyxl and python-docx stamp each zip entry with the current time), so re-running the script changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import openpyxl
from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl.styles import Alignment, Font
from openpyxl.writer.excel import ExcelWriter

HERE = Path(__file__).resolve().parent
FIXED_TIME = dt.datetime(2025, 1, 1, 9, 0, 0)  # document properties: created / modified
ZIP_TIME = (2025, 1, 1, 9, 0, 0)  # every zip entry's timestamp
AUTHOR = "A. Scientist"


# --------------------------------------------------------------------------------------------------------------------
# records.csv: UTF-8 with a BOM, comma-delimited, CRLF row ends (Excel's "CSV UTF-8" export), LF inside quoted cells.
# --------------------------------------------------------------------------------------------------------------------

RECORDS_HEADER = [
    "Date(s)",
    "Activity",
    "Type",
    "Duration",
    "What I learnt",
    "How it improved my practice",
    "Benefit to service users",
    "Evidence",
]

# One list per spreadsheet row, starting at row 2 (row 1 is the header). None = a completely empty line (no commas);
# a list of empty strings = a blank row as Excel exports it (",,,,,,,").
RECORDS_ROWS: list[list[str] | None] = [
    # row 2: ISO date; "1.5 h"; outcomes as three lines in one cell
    [
        "2025-01-15",
        "Departmental audit of IMRT patient-specific QA results",
        "Work-based",
        "1.5 h",
        "Gamma pass rates (3%/2 mm) were lower for head and neck plans than for prostate plans\n"
        "Most failures traced to a small number of highly modulated plans\n"
        "Our action limit was stricter than the one recommended by AAPM TG-218",
        "I now flag highly modulated plans at the planning check, before they reach QA measurement.",
        "Fewer plans need replanning late, so patients are less likely to have their start date moved.",
        "Audit report v2 (Q-Pulse ref AUD-0412)",
    ],
    # row 3: UK day-first date 12/03/2025 (12 March, not 3 December); "90 min"
    [
        "12/03/2025",
        "Journal club: hypofractionation in prostate radiotherapy",
        "Journal club",
        "90 min",
        "The evidence base for 60 Gy in 20 fractions and for five-fraction SABR, and what it means for our QA workload.",
        "I presented the physics of the dose constraints and answered questions from the clinical oncologists.",
        "Supports safe introduction of shorter treatment courses, meaning fewer hospital visits for patients.",
        "Journal club slides",
    ],
    # row 4: "12 March 2025" written out (same day as row 3: two entries on one date); bare "2" = hours
    [
        "12 March 2025",
        "Course: Introduction to MR-guided radiotherapy",
        "Course",
        "2",
        "How the magnetic field affects dose deposition (electron return effect) and detector response.",
        "I can take part in the commissioning discussions for the MR-linac with a working knowledge of the physics.",
        "Better prepared to support adaptive treatments that spare normal tissue.",
        "Certificate of attendance",
    ],
    # row 5: "Mar 2025" (month only); "1:30" (hours:minutes)
    [
        "Mar 2025",
        "Read AAPM TG-218 on tolerance limits for IMRT verification QA",
        "Reading",
        "1:30",
        "The difference between tolerance and action limits, and why the gamma criteria should be stated with the "
        "normalisation used.",
        "Wrote a short summary for the team and proposed changes to our local QA procedure.",
        "More consistent QA decisions across the team.",
        "Reading notes",
    ],
    # row 6: blank row as Excel exports it: eight empty cells
    [""] * len(RECORDS_HEADER),
    # row 7: blank row with no commas at all: an empty line
    None,
    # row 8: range "3-5 June 2025"; empty duration; comma in the activity; two-paragraph text in one quoted cell
    [
        "3-5 June 2025",
        "Conference: MR-guided radiotherapy, adaptive planning and QA",
        "Conference",
        "",
        "Online adaptive workflows need a fast independent dose check.\n"
        "Several centres now use AI auto-contouring with a physicist review step.",
        "I brought back two ideas for our adaptive pathway.\n"
        "\n"
        "The first, a secondary dose calculation for every adapted plan, is now in our procedure; the second is "
        "under discussion with the radiographers.",
        "Adapted plans are checked independently before treatment.",
        "Conference programme, notes",
    ],
    # row 9: "3 hours"
    [
        "2025-06-18",
        "Teaching STP trainees: small-field dosimetry",
        "Teaching",
        "3 hours",
        "Explaining detector volume averaging made me revisit the IAEA TRS-483 correction factors.",
        "My own practice in choosing detectors for small fields is more deliberate.",
        "Trainees who understand small-field dosimetry commission SRS treatments safely.",
        "Teaching plan; trainee feedback forms",
    ],
    # row 10: a type the importer does not know ("Misc")
    [
        "2025-07-02",
        "Shadowed a therapeutic radiographer on the linac for a day",
        "Misc",
        "2",
        "How the imaging and couch corrections are done in practice, and where time is lost.",
        "I wrote clearer instructions for the physics checks that radiographers perform each morning.",
        "Treatment sessions start on time more often.",
        "",
    ],
    # row 11: impossible date 31/02/2025
    [
        "31/02/2025",
        "Incident review: near miss in treatment planning",
        "Professional",
        "1",
        "The root cause was a plan approved with the wrong CT data set after a rescan.",
        "I now check the CT study date and time against the booking at every plan check.",
        "Reduces the risk of a patient being treated with a plan for superseded anatomy.",
        "Datix reference (anonymised)",
    ],
    # row 12: "Volunteering"
    [
        "2025-08-09",
        "STEM ambassador at a local school science fair",
        "Volunteering",
        "4",
        "How to explain radiation risk without jargon.",
        "I use the same plain explanations when patients ask physics staff about their treatment.",
        "Patients get clearer answers to questions about radiation safety.",
        "STEM Ambassador log",
    ],
    # row 13: canonical type in lower case; "2.5"
    [
        "2025-09-10",
        "Online course: Python for medical physicists",
        "self-directed",
        "2.5",
        "Reading DICOM RT files with pydicom and plotting dose-volume histograms.",
        "Automated part of the weekly plan check report.",
        "Plan checks are quicker and more consistent.",
        "Course completion email; script in the department repository",
    ],
    # row 14: canonical type "Formal"
    [
        "2025-10-01",
        "MSc module: Advanced radiotherapy physics (assessed)",
        "Formal",
        "3",
        "Monte Carlo methods for dose calculation and their use in independent checks.",
        "I can critically appraise the dose engine in our treatment planning system.",
        "Better-informed choice of dose calculation settings for lung plans.",
        "Module transcript",
    ],
    # row 15: canonical type "Other"
    [
        "2025-11-05",
        "Member of the procurement panel for a replacement linac",
        "Other",
        "1.5",
        "How a tender is scored and how clinical requirements are written into a specification.",
        "I wrote the physics requirements for imaging and QA tools.",
        "The new linac will support the techniques our patients need.",
        "Panel minutes",
    ],
    # row 16: total row; 23.5 is the sum of the durations above (90 min = 1.5, 1:30 = 1.5, empty = 0)
    ["Total", "", "", "23.5", "", "", "", ""],
]


def write_records_csv() -> None:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")  # QUOTE_MINIMAL: only cells with , " or newlines are quoted
    writer.writerow(RECORDS_HEADER)
    for row in RECORDS_ROWS:
        if row is None:
            buf.write("\r\n")
        else:
            assert len(row) == len(RECORDS_HEADER), row
            writer.writerow(row)
    (HERE / "records.csv").write_bytes(buf.getvalue().encode("utf-8-sig"))


# --------------------------------------------------------------------------------------------------------------------
# records-1252.csv: Windows-1252, semicolon-delimited, CRLF (Excel "CSV (semicolon delimited)" in a European locale).
# --------------------------------------------------------------------------------------------------------------------

CP1252_HEADER = ["Date", "Title", "Category", "Hours", "Learning outcomes", "Reflection"]
CP1252_ROWS = [
    # row 2: é in "Café scientifique"; curly apostrophe ’
    [
        "14/01/2025",
        "Café scientifique: proton therapy for children",
        "Self-directed",
        "2",
        "Why proton therapy reduces the integral dose to a growing child.",
        "I’d underestimated how much of the referral process is about logistics rather than physics.",
    ],
    # row 3: £ in a cost; en dash – in the title; ± in the outcome
    [
        "05/02/2025",
        "Dosimetry audit – follow-up visit",
        "Work-based",
        "3",
        "Our reference dosimetry agreed with the audit group within ± 1%.",
        "Travel cost £42.50 claimed from the department; worth it to see another centre’s set-up.",
    ],
    # row 4: curly double quotes “ ”; semicolon inside a (quoted) cell; decimal comma "1,5"
    [
        "20/02/2025",
        "Lecture: “Physics of SABR” for radiographers",
        "Teaching",
        "1,5",
        "Preparing the talk; answering questions on motion management.",
        "The “why” behind the margins was what the audience wanted most.",
    ],
    # row 5: £ in a course fee; µ (micro sign)
    [
        "11/03/2025",
        "Course: Radiation protection supervisor refresher",
        "Course",
        "6",
        "Changes to IRR17 guidance; dose rates in µSv/h around the HDR suite.",
        "Fee £250 paid by the department. I updated the local rules for the brachytherapy suite.",
    ],
    # row 6: en dash in a date range "7–8 April 2025"
    [
        "7–8 April 2025",
        "Conference: UK brachytherapy physics meeting",
        "Conference",
        "10",
        "Commissioning of a new HDR afterloader; in vivo dosimetry with diodes.",
        "I’ll propose in vivo dosimetry for our gynaecological treatments.",
    ],
    # row 7: plain ASCII row; "Reading"
    [
        "28/04/2025",
        "Read IPEM report on MR-linac quality assurance",
        "Reading",
        "1",
        "Which QA tests need MR-compatible equipment.",
        "Useful background before our MR-linac business case.",
    ],
]


def write_records_1252_csv() -> None:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(CP1252_HEADER)
    for row in CP1252_ROWS:
        assert len(row) == len(CP1252_HEADER), row
        writer.writerow(row)
    data = buf.getvalue().encode("cp1252")  # strict: fails if a character has no cp1252 byte
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        raise AssertionError("records-1252.csv must not also be valid UTF-8")
    (HERE / "records-1252.csv").write_bytes(data)


# --------------------------------------------------------------------------------------------------------------------
# formula.csv: plain UTF-8 (no BOM), comma-delimited, CRLF; cells that a spreadsheet would run as formulas.
# --------------------------------------------------------------------------------------------------------------------

FORMULA_HEADER = ["Date", "Title", "Type", "Hours", "What I learnt"]
FORMULA_ROWS = [
    # row 2: the title is a formula (=HYPERLINK...), so the cell is quoted and its quotes doubled
    [
        "2025-04-02",
        '=HYPERLINK("http://example.com","click")',
        "Self-directed",
        "1",
        "How to check a linac's output with a calibrated ionisation chamber.",
    ],
    # row 3: an outcome that starts with +
    [
        "2025-04-09",
        "Output constancy review",
        "Work-based",
        "1.5",
        "+2% drift in the electron output over three months, traced to the monitor chamber.",
    ],
    # row 4: an outcome that starts with @SUM(A1)
    [
        "2025-04-16",
        "Spreadsheet QA training",
        "Course",
        "2",
        "@SUM(A1) style references in old QA spreadsheets break when rows are inserted.",
    ],
]


def write_formula_csv() -> None:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(FORMULA_HEADER)
    writer.writerows(FORMULA_ROWS)
    (HERE / "formula.csv").write_bytes(buf.getvalue().encode("utf-8"))


# --------------------------------------------------------------------------------------------------------------------
# records.xlsx: sheet "Notes" first, then "CPD log" with a title row, an empty row, the header on row 3.
# --------------------------------------------------------------------------------------------------------------------

XLSX_HEADER = [
    "Date",
    "End date",
    "Title",
    "Category",
    "Hours",
    "Method",
    "Learning outcomes",
    "Reflection",
    "Objective",
]
D = dt.datetime
# One list per row from row 4. A "SERIAL:n" date is written as the number n with a date number format.
XLSX_ROWS: list[list[object] | None] = [
    # row 4: real date; no end date
    [
        D(2024, 9, 4),
        None,
        "Commissioning of a new electron energy on linac 3",
        "Work-based",
        6,
        "Practical",
        "Measured depth-dose curves and output factors for 15 MeV\nCompared with the reference data set",
        "Commissioning to a deadline taught me to plan measurement sessions around clinical use of the linac.",
        "Obj 1: Commission new techniques safely",
    ],
    # row 5: real start and end dates (a range)
    [
        D(2024, 9, 23),
        D(2024, 9, 25),
        "Course: Treatment planning for VMAT",
        "Formal",
        14,
        "Face to face",
        "Optimisation objectives and how they trade off\nPlan robustness for head and neck",
        "I now use robustness evaluation for every head and neck plan I check.",
        "Obj 2: Improve plan quality",
    ],
    # row 6: hours as a formula =1+0.5 (no cached value in the file)
    [
        D(2024, 10, 8),
        None,
        "Journal club: deep inspiration breath hold for left breast",
        "Journal club",
        "=1+0.5",
        "Online",
        "Evidence for reduced cardiac dose with DIBH",
        "Helped me answer a clinician's question about DIBH eligibility.",
        "Obj 2: Improve plan quality",
    ],
    # row 7: date as the Excel serial number 45600 (4 November 2024) with a date number format
    [
        "SERIAL:45600",
        None,
        "Read IPEM Report 81 (second edition) on radiotherapy QA",
        "Reading",
        2,
        "Reading",
        "Recommended frequencies and tolerances for linac QA tests",
        "Compared our QA schedule with the report and found two tests we run less often than recommended.",
        "Obj 3: Keep QA programme current",
    ],
    # row 8: date as text "12/11/2024" (a text cell, not a date)
    [
        "12/11/2024",
        None,
        "Taught radiographers about in vivo dosimetry",
        "Teaching",
        1.5,
        "Face to face",
        "Preparing the session showed gaps in our written procedure",
        "Updated the procedure after the session.",
        "",
    ],
    # row 9: a type the importer does not know ("Mandatory training")
    [
        D(2024, 11, 26),
        None,
        "Information governance annual update",
        "Mandatory training",
        1,
        "E-learning",
        "Rules on sharing anonymised plans with other centres",
        "",
        "",
    ],
    # row 10: blank row
    None,
    # row 11: range across a month end
    [
        D(2025, 1, 30),
        D(2025, 2, 1),
        "Conference: national radiotherapy physics meeting",
        "Conference",
        12,
        "Face to face",
        "Surface-guided radiotherapy QA\nAI auto-contouring validation",
        "Started a small audit of our surface-guided set-up accuracy.",
        "Obj 1: Commission new techniques safely",
    ],
    [
        D(2025, 3, 3),
        None,
        "Peer review of a colleague's brachytherapy plan check procedure",
        "Professional",
        2,
        "Practical",
        "Another physicist's approach to checking dwell positions",
        "Adopted their checklist layout.",
        "Obj 3: Keep QA programme current",
    ],
    [
        D(2025, 4, 15),
        None,
        "Supervised an STP trainee's rotation project",
        "Work-based",
        3,
        "Practical",
        "Setting a project scope a trainee can finish in six weeks",
        "I will agree milestones in writing at the start of the next rotation.",
        "Obj 4: Develop supervision skills",
    ],
    [
        D(2025, 5, 20),
        None,
        "Volunteered at the regional IPEM careers day",
        "Volunteering",
        4,
        "Face to face",
        "What school leavers know about clinical science careers",
        "",
        "Obj 4: Develop supervision skills",
    ],
    [
        D(2025, 6, 11),
        None,
        "Online module: statistics for QA trend analysis",
        "Self-directed",
        2.5,
        "E-learning",
        "Control charts and when a trend is significant",
        "Set up a control chart for daily output checks.",
        "Obj 3: Keep QA programme current",
    ],
]


def write_records_xlsx() -> None:
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "Notes"
    notes["A1"] = "This workbook holds my CPD record for HCPC registration renewal."
    notes["A2"] = "Hours are decimal hours. The activities are on the 'CPD log' sheet."

    ws = wb.create_sheet("CPD log")
    ws["A1"] = "CPD record 2024-2025 — A. Scientist"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:I1")
    # row 2 left empty
    for col, heading in enumerate(XLSX_HEADER, start=1):
        cell = ws.cell(row=3, column=col, value=heading)
        cell.font = Font(bold=True)
    ws.freeze_panes = "A4"

    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(XLSX_ROWS, start=4):
        if row is None:
            continue
        assert len(row) == len(XLSX_HEADER), row
        for c, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            if isinstance(value, str) and value.startswith("SERIAL:"):
                cell = ws.cell(row=r, column=c, value=int(value.removeprefix("SERIAL:")))
                cell.number_format = "dd/mm/yyyy"
                continue
            # A string starting with "=" becomes a formula cell. openpyxl writes only the formula, with no cached
            # value: load_workbook(data_only=True) reads it as None until the file has been opened and saved in
            # Excel or LibreOffice; load_workbook() reads the formula text "=1+0.5".
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, dt.datetime):
                cell.number_format = "dd/mm/yyyy"
            if c in (7, 8):
                cell.alignment = wrap
    assert 4 + len(XLSX_ROWS) == 16
    # Total row; like the formula above, written with no cached value.
    ws["D16"] = "Total"
    ws["D16"].font = Font(bold=True)
    ws["E16"] = "=SUM(E4:E15)"
    ws["E16"].font = Font(bold=True)

    for letter, width in zip("ABCDEFGHI", [12, 12, 50, 16, 8, 14, 50, 50, 36], strict=True):
        ws.column_dimensions[letter].width = width

    props = wb.properties
    props.creator = AUTHOR
    props.lastModifiedBy = AUTHOR
    props.title = "CPD record 2024-2025"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    # Not wb.save(): openpyxl's save_workbook() sets properties.modified to the current time just before writing.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()
    data = _fixed_zip(buf.getvalue())
    with zipfile.ZipFile(io.BytesIO(data)) as check:
        assert b"2025-01-01T09:00:00Z</dcterms:modified>" in check.read("docProps/core.xml")
    (HERE / "records.xlsx").write_bytes(data)


# --------------------------------------------------------------------------------------------------------------------
# records.docx: shaped like the HCPC sample profiles; a CPD table with merged cells, then an unrelated 2x2 table.
# --------------------------------------------------------------------------------------------------------------------

DOCX_HEADER = ["Date", "Activity", "Type", "What I learnt", "How it improved my practice"]
# Rows from table row 2. "MERGE_RIGHT" in column 4: columns 4 and 5 are one cell. Rows 5 and 6 share one Type cell.
DOCX_ROWS = [
    # row 2: "June 2024"
    [
        "June 2024",
        "E-learning: radiation protection for medical exposures (IR(ME)R) update",
        "Course",
        "The changes to the employer's procedures and who is an entitled operator.",
        "I checked that my entitlement record matched the tasks I now do.",
    ],
    # row 3: "14/07/2024"; "What I learnt" and "How it improved my practice" merged into one cell
    [
        "14/07/2024",
        "Investigated a discrepancy between two dosimetry systems",
        "Work-based",
        "The difference came from an out-of-date temperature and pressure correction; I traced it, fixed it and "
        "wrote it up so the same check is now part of the monthly cross-calibration.",
        "MERGE_RIGHT",
    ],
    # row 4: What I learnt holds two paragraphs
    [
        "29/07/2024",
        "Reflective discussion with my supervisor on a planning error I caught late",
        "Professional",
        "Caught the error at the final check rather than the first.\nThe first check had been rushed at the end of a "
        "long list.",
        "I now do first checks at the start of a session and say when the list is too long.",
    ],
    # rows 5 and 6: the Type cell is vertically merged ("Journal club" for both)
    [
        "August 2024",
        "Journal club: proton FLASH radiotherapy",
        "Journal club",
        "Dosimetry at ultra-high dose rates is not yet standardised.",
        "I can explain to colleagues why FLASH is not yet a clinical option here.",
    ],
    [
        "21/08/2024",
        "Journal club: knowledge-based planning",
        "",  # covered by the vertical merge
        "How knowledge-based planning models are trained and validated.",
        "I suggested we audit our prostate plans against a model before buying one.",
    ],
    # row 7: blank row
    ["", "", "", "", ""],
    # row 8: "2-3 Sept 2024" (range with the four-letter "Sept")
    [
        "2-3 Sept 2024",
        "Conference: UK radiotherapy physics meeting",
        "Conference",
        "Commissioning experience of surface-guided radiotherapy at three centres.",
        "I wrote the test list for our own surface-guidance commissioning.",
    ],
    # row 9: "Reading"
    [
        "30/09/2024",
        "Read ICRU Report 91 on small-field stereotactic treatments",
        "Reading",
        "How dose should be prescribed and reported for stereotactic treatments.",
        "Our SRS plan reports now include the ICRU 91 dose-volume quantities.",
    ],
]


def write_records_docx() -> None:
    document = docx.Document()
    document.add_heading("Continuing professional development profile", level=1)
    document.add_paragraph(f"Name: {AUTHOR}    Profession: Clinical scientist")
    document.add_heading("Summary of CPD activities", level=2)
    document.add_paragraph(
        "The table below lists the CPD activities I have undertaken over the last two years, with what I learnt "
        "from each and how it improved my practice."
    )

    table = document.add_table(rows=1 + len(DOCX_ROWS), cols=len(DOCX_HEADER))
    table.style = "Table Grid"
    for c, heading in enumerate(DOCX_HEADER):
        cell = table.cell(0, c)
        cell.text = ""
        cell.paragraphs[0].add_run(heading).bold = True
    for r, row in enumerate(DOCX_ROWS, start=1):
        assert len(row) == len(DOCX_HEADER), row
        for c, text in enumerate(row):
            if text == "MERGE_RIGHT":
                continue
            _set_cell_text(table.cell(r, c), text)
    # Horizontal merge: table row 3 (index 2), "What I learnt" + "How it improved my practice".
    merged = table.cell(2, 3).merge(table.cell(2, 4))
    _set_cell_text(merged, DOCX_ROWS[1][3])
    # Vertical merge: "Type" in table rows 5 and 6 (indexes 4 and 5).
    merged = table.cell(4, 2).merge(table.cell(5, 2))
    _set_cell_text(merged, "Journal club")

    document.add_paragraph()
    document.add_heading("Registrant details", level=2)
    details = document.add_table(rows=2, cols=2)
    details.style = "Table Grid"
    details.cell(0, 0).text = "Name"
    details.cell(0, 1).text = AUTHOR
    details.cell(1, 0).text = "Registration number"
    details.cell(1, 1).text = "CS99999"
    document.add_paragraph("Signed: A. Scientist").alignment = WD_ALIGN_PARAGRAPH.RIGHT

    cp = document.core_properties
    cp.author = AUTHOR
    cp.last_modified_by = AUTHOR
    cp.title = "CPD profile"
    cp.revision = 1
    cp.created = FIXED_TIME
    cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME
    buf = io.BytesIO()
    document.save(buf)
    (HERE / "records.docx").write_bytes(_fixed_zip(buf.getvalue()))


def _set_cell_text(cell, text: str) -> None:
    """Replace a cell's content; each "\n" starts a new paragraph, as pressing Enter in Word does."""
    paragraphs = text.split("\n")
    cell.text = paragraphs[0]
    for extra in paragraphs[1:]:
        cell.add_paragraph(extra)


# --------------------------------------------------------------------------------------------------------------------


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry's timestamp set to ZIP_TIME (same order, same compression)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def main() -> None:
    write_records_csv()
    write_records_1252_csv()
    write_formula_csv()
    write_records_xlsx()
    write_records_docx()
    for name in ["records.csv", "records-1252.csv", "formula.csv", "records.xlsx", "records.docx"]:
        print(HERE / name)


if __name__ == "__main__":
    main()
