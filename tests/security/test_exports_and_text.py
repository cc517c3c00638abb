"""Exports: text cells cannot run as formulas (OWASP CSV injection), numbers stay numbers, and no stored text makes an
export fail; control characters are cleaned out of text fields by every service (web, API, CLI)."""

import csv
import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from portal.extensions import db

FORMULA = '=HYPERLINK("http://evil.example","Bấm vào đây")'


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("=1+1", "'=1+1"),
        ("+1+cmd", "'+1+cmd"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\n=1"),
        ("Đợt báo cáo quý I", "Đợt báo cáo quý I"),
        ("-5", -5),
        ("65,5", 65.5),
        ("12.5", 12.5),
        (-5, -5),
        (3.25, 3.25),
        ("0123", "0123"),
        (None, ""),
        ("Kỳ\x0b báo\x00 cáo\x1b", "Kỳ báo cáo"),
    ],
)
def test_cell_rule(raw, expected):
    from portal.services.reporting.exports import cell_value

    assert cell_value(raw) == expected


def test_clean_text_keeps_tabs_and_lines():
    from portal.text import clean_text

    assert clean_text("a\r\nb\rc\td\x00e\x7f\u0085f") == "a\nb\nc\tdef"
    assert clean_text(5) == 5


def _period(users, title):
    from portal.services import reporting

    return reporting.open_period(
        users["secretariat"],
        title=title,
        kind="quy",
        deadline=date.today() + timedelta(days=10),
        unit_codes=["CB-A", "CB-B"],
    )


def test_monitor_exports_neutralise_formulas(app, users, login_as, client):
    _period(users, FORMULA)
    login_as("secretariat")
    response = client.get("/reports/monitor.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert "'" + FORMULA in rows[0]
    assert not any(cell.startswith("=") for row in rows for cell in row)
    response = client.get("/reports/monitor.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    title = next(c for c in cells if "HYPERLINK" in str(c.value))
    assert title.data_type == "s" and title.value == "'" + FORMULA


def test_stored_control_characters_never_break_the_exports(app, users, login_as, client):
    """Text written before cleaning existed (straight into the database) still exports: XLSX, CSV and DOCX."""
    period = _period(users, "Đợt báo cáo")
    db.session.execute(text("UPDATE reporting_periods SET title = :t"), {"t": "Đợt\x0b báo\x00 cáo\x1b quý I"})
    db.session.commit()
    login_as("secretariat")
    for url in ("/reports/monitor.xlsx", "/reports/monitor.csv"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert client.post(f"/reports/periods/{period.id}/summary/generate").status_code == 302
    db.session.execute(
        text("UPDATE summary_reports SET title = :t, recipients = :r"), {"t": "Tổng\x0b hợp", "r": "\x01"}
    )
    db.session.commit()
    response = client.get(f"/reports/periods/{period.id}/summary.docx")
    assert response.status_code == 200
    from docx import Document

    assert any("Tổng hợp" in p.text for p in Document(io.BytesIO(response.data)).paragraphs)


def test_services_clean_control_characters_for_web_api_and_cli(app, users, login_as, client, make_document):
    period = _period(users, "Đợt\x0b báo\x00 cáo\r\nquý I\x1b[31m")
    db.session.expire_all()
    assert period.title == "Đợt báo cáo\nquý I[31m"
    doc = make_document("Nội dung", title="Nghị\x07 quyết\x00 số 1")
    assert db.session.get(type(doc), doc.id).title == "Nghị quyết số 1"


def test_material_export_neutralises_names(app, users, login_as, client):
    from portal.services import accounts, materials

    accounts.update_user(users["member"], full_name="=cmd|' /C calc'!A0", actor=users["admin"])
    material = materials.save_material(
        {"title": "@Tài liệu", "body_md": "Nội dung", "audience": "units", "unit_codes": "CB-A"}, users["secretariat"]
    )
    materials.publish(material, users["secretariat"])
    login_as("secretariat")
    response = client.get(f"/materials/{material.id}/export.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    cells = [cell for row in rows for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells and "'@Tài liệu" in cells
    assert not any(cell.startswith(("=", "@")) for cell in cells)
    response = client.get(f"/materials/{material.id}/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "'=cmd|' /C calc'!A0" in values
    assert 1 in values  # the version column stays a number
