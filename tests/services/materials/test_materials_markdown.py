"""Markdown safety through the real renderer (Python-Markdown + nh3 in a limited child), limits and the editor."""

import time

import pytest

from portal.errors import ValidationFailed
from portal.services import materials as service

HOSTILE = """# Tài liệu

<script>alert("xss")</script>

<img src="x.png" onerror="alert(1)">

[bấm vào đây](javascript:alert(1))

<iframe src="https://example.com/"></iframe>

<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">dữ liệu</a>

<div onclick="alert(2)" style="color:red">Vẫn giữ được tiếng Việt: Đảng ủy, quán triệt.</div>

Nội dung **an toàn**.
"""


def test_hostile_markdown_is_harmless_in_stored_html(make_material):
    material = make_material(body=HOSTILE)
    html = material.body_html.lower()
    for bad in ("<script", "onerror", "javascript:", "<iframe", "data:text", "onclick", "style="):
        assert bad not in html, bad
    assert "Đảng ủy, quán triệt" in material.body_html and "<strong>an toàn</strong>" in material.body_html
    assert "bấm vào đây" in material.body_html  # the text of the neutralised link stays


def test_detail_page_serves_the_stored_html_not_a_fresh_render(make_material, login_as, client, monkeypatch):
    material = make_material(body=HOSTILE)
    import portal.extraction

    monkeypatch.setattr(portal.extraction, "render_markdown", lambda *a, **k: pytest.fail("rendered on view"))
    login_as("member")
    page = client.get(f"/materials/{material.id}").get_data(as_text=True)
    assert "Đảng ủy, quán triệt" in page and "onerror" not in page and "<script>alert" not in page


def test_pathological_input_is_refused_quickly_and_the_portal_keeps_serving(app, users, login_as, client):
    app.config["MATERIALS_RENDER_TIMEOUT"] = 2.0
    started = time.monotonic()
    with pytest.raises(ValidationFailed) as refused:
        service.save_material({"title": "Tài liệu bệnh lý", "body_md": "[" * 30000}, users["secretariat"])
    assert time.monotonic() - started < 5
    assert "quá phức tạp" in refused.value.message
    assert service.list_visible(users["secretariat"]) == []  # nothing half-stored
    started = time.monotonic()
    deep = service.save_material(
        {"title": "Danh sách lồng 400 cấp", "body_md": "".join("  " * i + "- ý\n" for i in range(400))},
        users["secretariat"],
    )
    assert time.monotonic() - started < 5 and deep.body_html.count("<ul>") >= 100
    login_as("secretariat")
    assert client.get("/materials/").status_code == 200


def test_nested_backticks_are_bounded(users):
    started = time.monotonic()
    html, message = service.preview("`" * 16000 + "a" + "`" * 16000)
    assert time.monotonic() - started < 6
    assert message is None or "quá phức tạp" in message
    assert "<script" not in html


def test_body_over_200_kb_is_refused_with_a_vietnamese_message(users, login_as, client):
    body = "Nội dung quán triệt. " * 11000  # about 240 KB in UTF-8
    with pytest.raises(ValidationFailed, match="vượt quá 200 KB"):
        service.save_material({"title": "Quá dài", "body_md": body}, users["secretariat"])
    login_as("secretariat")
    response = client.post("/materials/new", data={"title": "Quá dài", "body_md": body, "audience": "all"})
    assert response.status_code == 400
    assert "vượt quá 200 KB" in response.get_data(as_text=True)


def test_live_preview_returns_sanitised_html(login_as, client):
    login_as("secretariat")
    answer = client.post("/materials/preview", data={"body_md": HOSTILE}).get_json()
    assert "<h1>Tài liệu</h1>" in answer["html"] and "<script" not in answer["html"] and "onerror" not in answer["html"]
    assert answer["error"] is None
    assert client.post("/materials/preview", data={"body_md": "x"}, csrf=False).status_code == 400


def test_editor_page_loads_the_preview_script_without_inline_code(login_as, client):
    login_as("secretariat")
    page = client.get("/materials/new").get_data(as_text=True)
    assert "js/materials.js" in page and 'data-preview-url="/materials/preview"' in page
    assert "<script>" not in page and " style=" not in page


def test_the_editor_is_a_form_that_keeps_what_was_typed_and_shows_the_error_beside_its_field(login_as, client):
    login_as("secretariat")
    response = client.post(
        "/materials/new",
        data={
            "title": "Quán triệt Chỉ thị 21",
            "body_md": "## Nội dung\n\nĐã soạn dài.",
            "audience": "units",
            "unit_codes": ["CB-B"],
            "deadline": "31/13/2026",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="Quán triệt Chỉ thị 21"' in page and "## Nội dung\n\nĐã soạn dài.</textarea>" in page
    assert 'value="31/13/2026"' in page and "Hạn nghiên cứu, quán triệt không hợp lệ" in page
    assert 'value="CB-B" id="unit-CB-B" checked' in page and 'id="audience-units" value="units" checked' in page
    assert 'type="date"' not in page
