"""File builders: the one CSV/XLSX writer (reporting matrix and scorecard, materials' confirmations) and the summary
report as DOCX.

The only module that writes with python-docx and openpyxl. CSV is UTF-8 with a BOM so Excel opens Vietnamese. Every
text cell goes through ``portal.text.clean.spreadsheet_text`` (no formula injection, no control characters); numbers
stay numbers. Stored text never makes an export fail.
"""

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal

from docx import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from portal.clock import utcnow
from portal.formatting import format_date, format_number, format_place_date
from portal.models import SLOT_STATUSES
from portal.text.clean import clean_line, clean_text, looks_numeric, spreadsheet_text
from portal.text.numbers import number_line

FONT = "Times New Roman"
STATUS_FILLS = {
    "chua_nop": "F1F1F1",
    "da_nop": "D1F0D8",
    "nop_muon": "FFE5B4",
    "yeu_cau_bo_sung": "FFD2D2",
    "da_tiep_nhan": "B7E4C7",
}
LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV_MIME = "text/csv; charset=utf-8"


# --- tables: matrix and scorecard -------------------------------------------------------------------


def matrix_rows(data):
    """[header, rows...] of the units × periods matrix, with status labels (and dates of submission)."""
    header = ["Mã đơn vị", "Đơn vị"] + [p.title for p in data["periods"]]
    rows = [header]
    for unit in data["units"]:
        row = [unit.code, unit.name]
        for period in data["periods"]:
            slot = data["cells"].get((unit.id, period.id))
            row.append(SLOT_STATUSES.get(slot.status, slot.status) if slot else "")
        rows.append(row)
    return rows


def cell_value(value):
    """What a cell holds: numbers as numbers (a plain number typed as text, "-5" or "65,5", becomes one), None as
    empty, every other value as neutralised, cleaned text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (int, float, Decimal)):
        return value
    text = str(value)
    stripped = text.strip()
    if stripped and looks_numeric(stripped) and not re.fullmatch(r"[+-]?0\d+", stripped):
        number = stripped.replace(",", ".")
        return float(number) if "." in number else int(number)
    return spreadsheet_text(text)


def csv_bytes(rows):
    """UTF-8 with BOM, comma-separated, every row, every cell through ``cell_value``; numbers and dates in
    Vietnamese form ("66,7", "1.250", "31/12/2026"), as Vietnamese administrative documents write them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([_csv_cell(v) for v in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(value):
    if isinstance(value, (date, datetime)):
        return format_date(value)
    value = cell_value(value)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return format_number(value, 2)
    return value


NUMBER_FORMAT = "#,##0.##"  # Excel shows it with the reader's separators (1.250,5 on a Vietnamese system)
DATE_FORMAT = "dd/mm/yyyy"


def workbook_bytes(sheets):
    """A workbook of sheets (title, rows[, fills]): text as text, numbers as numbers with a number format so that
    Excel can add them up, dates as dates shown dd/mm/yyyy."""
    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        title, rows, fills = (*spec, None) if len(spec) == 2 else spec
        _fill_sheet(book.create_sheet(clean_line(title)[:31] or "Sheet"), rows, fills)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill_sheet(sheet, rows, fills=None, widths=None, freeze=None):
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if isinstance(value, (date, datetime)):
                sheet.cell(row=r, column=c, value=value).number_format = DATE_FORMAT
                continue
            value = cell_value(value)
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            elif r > 1:
                cell.number_format = NUMBER_FORMAT
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for (r, c), colour in (fills or {}).items():
        sheet.cell(row=r, column=c).fill = PatternFill("solid", start_color=colour, end_color=colour)
    for index, width in enumerate(widths or _widths(rows), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = freeze or ("C2" if rows and len(rows[0]) > 2 else "A2")


def xlsx_bytes(rows, title, fills=None, widths=None, freeze=None):
    """A one-sheet workbook: bold header, wrapped cells, optional fill colour per cell {(row, col): hex}.

    Text cells are written as text (never as formulas), numbers as numbers with a number format.
    """
    book = Workbook()
    sheet = book.active
    sheet.title = clean_line(title)[:31] or "Sheet"
    _fill_sheet(sheet, rows, fills, widths, freeze)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _widths(rows):
    if not rows:
        return []
    return [min(max(len(str(r[i])) for r in rows if i < len(r)) + 2, 60) for i in range(len(rows[0]))]


def matrix_xlsx(data):
    """The matrix as XLSX, each cell filled with its status colour."""
    fills = {}
    for r, unit in enumerate(data["units"], start=2):
        for c, period in enumerate(data["periods"], start=3):
            slot = data["cells"].get((unit.id, period.id))
            if slot:
                fills[(r, c)] = STATUS_FILLS.get(slot.status, "FFFFFF")
    return xlsx_bytes(matrix_rows(data), "Tình hình nộp báo cáo", fills)


def matrix_csv(data):
    """The matrix as CSV (UTF-8 with BOM)."""
    return csv_bytes(matrix_rows(data))


def scorecard_rows(rows, columns):
    """[header, rows...] of the scorecard."""
    out = [[label for _, label in columns]]
    for row in rows:
        values = row.as_dict()
        out.append(["" if values[key] is None else values[key] for key, _ in columns])
    return out


def scorecard_xlsx(rows, columns, year):
    return xlsx_bytes(scorecard_rows(rows, columns), f"Đánh giá {year}")


def scorecard_csv(rows, columns):
    return csv_bytes(scorecard_rows(rows, columns))


# --- the summary report as a Vietnamese administrative document ------------------------------------


def _run(paragraph, text):
    """A run of cleaned text (python-docx refuses control characters)."""
    return paragraph.add_run(clean_text(str(text or "")))


def _font(run, size=14, bold=False, italic=False):
    run.font.name, run.font.size, run.font.bold, run.font.italic = FONT, Pt(size), bold, italic
    run.font.color.rgb = RGBColor(0, 0, 0)
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    return run


def _para(container, text="", *, size=14, bold=False, italic=False, align=None, indent=False, space_after=6):
    paragraph = container.add_paragraph()
    if text:
        _font(_run(paragraph, text), size, bold, italic)
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1.0)
    return paragraph


def _cell_lines(cell, lines):
    """Fill a table cell with centred lines [(text, bold, italic, size)]."""
    cell.paragraphs[0].text = ""
    for i, (text, bold, italic, size) in enumerate(lines):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        _font(_run(paragraph, text), size, bold, italic)


def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _header(doc, report, header_lines):
    """The two-column header: issuing body and number on the left, Party name and place/date on the right."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    parent, issuer = header_lines
    _cell_lines(
        table.cell(0, 0),
        [
            (parent, False, False, 14),
            (issuer, True, False, 14),
            ("*", False, False, 14),
            (number_line(report.number or "-BC/ĐU"), False, False, 14),
        ],
    )
    _cell_lines(
        table.cell(0, 1),
        [("ĐẢNG CỘNG SẢN VIỆT NAM", True, False, 15), ("", False, False, 8), (_place_date(report), False, True, 14)],
    )


def _place_date(report):
    return format_place_date(report.place or "Lào Cai", report.issued_on)


def _body_lines(doc, body):
    """Plain-text body: '- ' bullets, '> ' quotations (italic), other lines as indented paragraphs; links as text."""
    for line in (body or "").splitlines():
        text = LINK.sub(r"\1", line).strip()
        if not text:
            continue
        if text.startswith(">"):
            _para(doc, text.lstrip("> ").strip(), italic=True, indent=True)
        elif text.startswith(("- ", "+ ")):
            _para(doc, text, indent=True)
        else:
            _para(doc, text, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)


def _heading(doc, text, level):
    """A section heading in the document's Heading style, set in Times New Roman, black."""
    paragraph = doc.add_heading("", level=min(max(level, 1), 3))
    _font(_run(paragraph, text), 14, bold=True, italic=level >= 3)
    paragraph.paragraph_format.space_before = Pt(6)
    return paragraph


def _data_table(doc, rows):
    table = doc.add_table(rows=0, cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        cells = table.add_row().cells
        for c, value in enumerate(row):
            cells[c].paragraphs[0].text = ""
            _font(_run(cells[c].paragraphs[0], value), 12, bold=(r == 0))
    return table


def _signature(doc, report):
    """Nơi nhận on the left, the signer on the right."""
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left = table.cell(0, 0)
    left.paragraphs[0].text = ""
    _font(_run(left.paragraphs[0], "Nơi nhận:"), 12, bold=True, italic=True)
    for line in (report.recipients or "").splitlines():
        if line.strip():
            paragraph = left.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(0)
            _font(_run(paragraph, line.strip()), 11)
    _cell_lines(
        table.cell(0, 1),
        [
            ((report.signer_mark or "T/M BAN THƯỜNG VỤ"), True, False, 14),
            ((report.signer_title or ""), True, False, 14),
            ("", False, False, 14),
            ("", False, False, 14),
            ("", False, False, 14),
            ((report.signer_name or ""), True, False, 14),
        ],
    )


OFFICE = "Đảng ủy Văn phòng UBND tỉnh Lào Cai"


def summary_docx(report, header_lines=("ĐẢNG BỘ ỦY BAN NHÂN DÂN TỈNH", "ĐẢNG ỦY VĂN PHÒNG"), office=OFFICE):
    """The summary report as DOCX: header table, BÁO CÁO + trích yếu, sections as headings, tables, nơi nhận, signer.

    The file's properties name the office as author and carry the document's title (not "python-docx").
    """
    doc = DocxDocument()
    props = doc.core_properties
    props.author = props.last_modified_by = office
    props.title = clean_line(f"Báo cáo {report.title or ''}").strip()[:250]
    number = clean_line(report.number or "")
    props.subject = f"Báo cáo số {number}" if number.strip(" -")[:1].isdigit() else ""
    props.comments = props.keywords = ""
    props.category = "Báo cáo"
    props.created = props.modified = report.sent_at or utcnow()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    _header(doc, report, header_lines)
    _para(doc, "", space_after=6)
    _para(doc, "BÁO CÁO", size=15, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _para(doc, report.title or "", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _para(doc, "-----", align=WD_ALIGN_PARAGRAPH.CENTER)
    for part in report.sections or []:
        if part.get("title"):
            _heading(doc, part["title"], part.get("level") or 1)
        _body_lines(doc, part.get("body"))
        if part.get("table") and len(part["table"]) > 1:
            _data_table(doc, part["table"])
    _para(doc, "")
    _signature(doc, report)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
