"""XLSX: sheet names as headings, a row per line, numbers and dates kept, limits."""

import _make_files as make
import pytest

from portal.extraction import ExtractionError, extract_file
from portal.extraction import xlsx as xlsx_mod


def test_sheets_rows_numbers_and_dates(tmp_path):
    result = extract_file(make.xlsx_file(tmp_path / "so_lieu.xlsx"))
    assert result.kind == "xlsx" and result.mime.endswith("spreadsheetml.sheet") and result.page_count == 2
    assert result.pages[0].text.split("\n") == [
        "Tổng hợp",
        "Đơn vị | Số đảng viên | Tỷ lệ",
        "Chi bộ Tổng hợp | 25 | 0.96",
        "Chi bộ Tài chính | 18 | 1",
    ]
    assert result.pages[1].text.split("\n") == ["Ghi chú", "Ngày báo cáo | 30/11/2026", "Người lập | Nguyễn Văn An"]


def test_empty_sheets_are_skipped_and_an_empty_workbook_is_empty(tmp_path):
    path = make.xlsx_file(tmp_path / "a.xlsx", {"Trống": [], "Có": [("Đảng ủy",)]})
    result = extract_file(path)
    assert [p.text for p in result.pages] == ["Có\nĐảng ủy"]
    with pytest.raises(ExtractionError) as info:
        extract_file(make.xlsx_file(tmp_path / "b.xlsx", {"Trống": []}))
    assert info.value.code == "empty"


def test_too_many_cells_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_mod, "MAX_CELLS", 5)
    path = make.xlsx_file(tmp_path / "lon.xlsx", {"A": [(i, i) for i in range(10)]})
    with pytest.raises(ExtractionError) as info:
        extract_file(path, sandbox=False)
    assert info.value.code == "too_large" and "quá lớn" in info.value.message


def test_xlsx_named_docx_is_still_a_spreadsheet(tmp_path):
    result = extract_file(make.xlsx_file(tmp_path / "bang.docx"))
    assert result.kind == "xlsx" and "Chi bộ Tài chính | 18 | 1" in result.text
