"""XLSX cell text with openpyxl (read-only, values not formulas): a page per sheet, its name first, a line per row."""

import datetime as dt
import zipfile

from .clean import clean_text
from .docx import CELL_SEPARATOR, check_zip
from .messages import fail, warning
from .result import MIME, ExtractionResult, Page

MAX_SHEETS = 200
MAX_CELLS = 1_000_000  # non-empty cells read in all; beyond this the workbook is refused
MAX_SCANNED_CELLS = 5_000_000  # cells visited (empty ones included: a bad dimension can claim a million rows)
WORKBOOK_PART = "xl/workbook.xml"


def extract_xlsx(path: str, kind: str = "xlsx") -> ExtractionResult:
    """Check the zip, then read each sheet's rows; numbers keep their digits so they can be found and quoted."""
    import openpyxl

    check_zip(path, WORKBOOK_PART, "corrupt_xlsx")
    with open(path, "rb") as handle:  # a file object: openpyxl refuses paths by their extension
        return _read(openpyxl, handle, kind)


def _read(openpyxl, handle, kind: str) -> ExtractionResult:
    """Read an opened workbook file."""
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError, AttributeError) as exc:
        raise fail("corrupt", "corrupt_xlsx") from exc
    result = ExtractionResult(kind=kind, mime=MIME[kind])
    budget = _Budget()
    try:
        for sheet in workbook.worksheets[:MAX_SHEETS]:
            text = clean_text("\n".join([sheet.title, *_rows(sheet, budget)]))
            if text != clean_text(sheet.title):
                result.pages.append(Page(len(result.pages) + 1, text))
    except (KeyError, ValueError, TypeError, AttributeError, IndexError) as exc:
        raise fail("corrupt", "corrupt_xlsx") from exc
    finally:
        workbook.close()
    if len(workbook.sheetnames) > MAX_SHEETS or budget.cut:
        result.warnings.append(warning("sheet_cut", sheets=MAX_SHEETS))
    if not result.pages:
        raise fail("empty")
    result.page_count = len(result.pages)
    return result


class _Budget:
    """Counts cells across the workbook."""

    def __init__(self):
        self.cells, self.scanned, self.cut = 0, 0, False


def _rows(sheet, budget: _Budget):
    """A line per non-empty row, cells joined by " | " (trailing empty cells dropped, inner ones kept as blanks)."""
    for row in sheet.iter_rows(values_only=True):
        budget.scanned += len(row)
        if budget.scanned > MAX_SCANNED_CELLS:
            budget.cut = True
            return
        cells = [_cell(value) for value in row]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        budget.cells += sum(1 for c in cells if c)
        if budget.cells > MAX_CELLS:
            raise fail("too_large", "too_many_cells", max_cells=f"{MAX_CELLS:,}".replace(",", "."))
        yield CELL_SEPARATOR.join(cells)


def _cell(value) -> str:
    """A cell's value as text: whole numbers without ".0", dates as dd/mm/yyyy, line breaks as spaces."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else format(value, ".15g")
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if (value.hour, value.minute) != (0, 0) else value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())
