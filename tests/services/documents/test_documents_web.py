"""The documents pages through the test client: upload (form and XHR), edit, download, versions, trash, visibility."""

import io
import re

import _doc_files as files
import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Document


def _post_file(client, url, data, name, **fields):
    return client.post(
        url,
        data={"file": (io.BytesIO(data), name), **fields},
        content_type="multipart/form-data",
        headers={"Accept": "application/json"},
    )


def test_upload_then_confirm_metadata(login_as):
    client = login_as("secretariat")
    page = client.get("/documents/upload")
    assert page.status_code == 200 and "Kéo và thả tệp" in page.get_data(as_text=True)
    assert "<script>" not in page.get_data(as_text=True).replace("<script src=", "")
    response = _post_file(client, "/documents/upload", files.CHI_THI.encode(), "Chỉ thị 21-CT/TU.txt")
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "imported" and body["redirect"].endswith(f"/documents/{body['id']}/edit?moi=1")
    form = client.get(body["redirect"]).get_data(as_text=True)
    assert 'value="21-CT/TU"' in form and "Bước 2" in form
    saved = client.post(
        f"/documents/{body['id']}/edit",
        data={
            "title": "Về tăng cường lãnh đạo cải cách hành chính",
            "number": "21-CT/TU",
            "doc_type": "chi_thi",
            "issuer": "Ban Thường vụ Tỉnh ủy",
            "issued_on": "2026-04-04",
            "secrecy": "thuong",
            "urgency": "khan",
            "visibility": "all",
        },
    )
    assert saved.status_code == 302
    doc = db.session.get(Document, body["id"])
    db.session.refresh(doc)
    assert doc.urgency == "khan" and doc.title == "Về tăng cường lãnh đạo cải cách hành chính"
    detail = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    assert "KHẨN" in detail and "Sửa thông tin" in detail and "Nhật ký thay đổi" in detail


def test_upload_without_script_redirects_to_the_form(login_as):
    client = login_as("admin")
    response = client.post(
        "/documents/upload",
        data={"file": (io.BytesIO(files.KE_HOACH.encode()), "kh.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302 and "/edit?moi=1" in response.headers["Location"]


def test_bad_file_through_the_form_shows_the_message(login_as, stored_files):
    client = login_as("admin")
    response = _post_file(client, "/documents/upload", files.gif(), "anh.pdf")
    assert response.status_code == 422
    assert "không được hỗ trợ" in response.get_json()["error"]["message"]
    plain = client.post(
        "/documents/upload", data={"file": (io.BytesIO(b""), "rong.txt")}, content_type="multipart/form-data"
    )
    assert plain.status_code == 422 and "không có nội dung" in plain.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Document)) == 0 and stored_files() == []


def test_upload_needs_csrf(login_as):
    client = login_as("admin")
    response = client.post(
        "/documents/upload",
        data={"file": (io.BytesIO(b"abc"), "a.txt")},
        content_type="multipart/form-data",
        csrf=False,
    )
    assert response.status_code in (400, 422)
    assert db.session.scalar(select(func.count()).select_from(Document)) == 0


def test_branch_secretary_cannot_upload_for_another_branch_on_the_web(login_as):
    client = login_as("secretary")
    response = _post_file(client, "/documents/upload", b"Bao cao chi bo", "bc.txt", owner_unit="CB-B")
    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Document)) == 0


def test_member_cannot_open_the_upload_page(login_as):
    assert login_as("member").get("/documents/upload").status_code == 403


def test_download_headers(login_as, make_document):
    content = "Chỉ thị số 21-CT/TU của Tỉnh ủy về cải cách hành chính.\n"
    doc = make_document(content, filename="Chỉ thị số 21 của Tỉnh ủy.txt")
    client = login_as("member")
    response = client.get(f"/documents/{doc.id}/versions/{doc.current_version.id}/download")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''Ch%E1%BB%89%20th%E1%BB%8B%20s%E1%BB%91%2021" in disposition
    assert re.search(r'filename="?[\x20-\x7e]+', disposition)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "text/plain"
    assert response.data == content.encode()


def test_markdown_download_is_never_html(login_as, make_document):
    doc = make_document("# Tiêu đề\n\n<script>alert(1)</script>", filename="tb.md")
    response = login_as("member").get(f"/documents/{doc.id}/versions/{doc.current_version.id}/download")
    assert response.mimetype == "text/markdown" and "attachment" in response.headers["Content-Disposition"]
    page = login_as("member").get(f"/documents/{doc.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page


def test_new_version_keeps_the_old_one_downloadable(login_as, make_document):
    doc = make_document("Báo cáo bản đầu có lỗi chính tả.", filename="bc.txt")
    first = doc.current_version.id
    client = login_as("admin")
    response = _post_file(client, f"/documents/{doc.id}/versions/new", "Báo cáo bản đã sửa.".encode(), "bc-sua.txt")
    assert response.status_code == 201
    db.session.expire_all()
    doc = db.session.get(Document, doc.id)
    assert [v.version_no for v in doc.versions] == [1, 2]
    assert "bản đã sửa" in doc.text
    old = client.get(f"/documents/{doc.id}/versions/{first}/download")
    assert old.data == "Báo cáo bản đầu có lỗi chính tả.".encode()
    page = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    assert "Phiên bản 1: bc.txt" in page and "Phiên bản 2: bc-sua.txt" in page


def test_version_of_another_document_is_404(login_as, make_document):
    a = make_document("Văn bản A", filename="a.txt")
    b = make_document("Văn bản B", filename="b.txt")
    response = login_as("admin").get(f"/documents/{a.id}/versions/{b.current_version.id}/download")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "who,sees",
    [
        ("member", False),
        ("member_b", True),
        ("secretary", False),
        ("leader", False),
        ("inspector", True),
        ("secretary_b", True),
    ],
)
def test_units_visibility_on_list_detail_and_download(client_for, make_document, who, sees):
    doc = make_document("Báo cáo quý của Chi bộ Tổng hợp.", filename="bc-tong-hop.txt", user="secretary_b")
    client = client_for(who)
    listing = client.get("/documents/").get_data(as_text=True)
    assert ("bc-tong-hop" in listing) == sees
    assert client.get(f"/documents/{doc.id}").status_code == (200 if sees else 404)
    download = client.get(f"/documents/{doc.id}/versions/{doc.current_version.id}/download")
    assert download.status_code == (200 if sees else 404)


def test_secret_and_leadership_documents(client_for, make_document, upload):
    secret = make_document("MẬT\nBáo cáo tình hình nội bộ.", filename="mat.txt", secrecy="mat")
    lead = upload("Thông báo chỉ dành cho lãnh đạo.", "ld.txt", visibility="leadership").document
    assert secret.secrecy == "mat"
    member = client_for("member")
    assert member.get(f"/documents/{secret.id}").status_code == 404
    assert member.get(f"/documents/{lead.id}").status_code == 404
    assert "mat.txt" not in member.get("/documents/").get_data(as_text=True)
    leader = client_for("leader")
    page = leader.get(f"/documents/{secret.id}").get_data(as_text=True)
    assert "MẬT" in page and leader.get(f"/documents/{lead.id}").status_code == 200


def test_trash_restore_and_purge_with_confirmation(client_for, make_document, stored_files):
    doc = make_document("Văn bản sẽ bị xóa.", filename="xoa.txt", title="Văn bản sẽ bị xóa")
    client = client_for("secretariat")
    assert client.post(f"/documents/{doc.id}/trash").status_code == 302
    assert client_for("member").get(f"/documents/{doc.id}").status_code == 404
    trash = client.get("/documents/?trash=1").get_data(as_text=True)
    assert "Văn bản sẽ bị xóa" in trash
    assert client.post(f"/documents/{doc.id}/restore").status_code == 302
    assert "Văn bản sẽ bị xóa" in client.get("/documents/").get_data(as_text=True)
    client.post(f"/documents/{doc.id}/trash")
    refused = client.post(
        f"/documents/{doc.id}/purge",
        data={"confirm": "khong"},
        headers={"Referer": f"http://localhost/documents/{doc.id}"},
    )
    assert refused.status_code == 302 and db.session.get(Document, doc.id) is not None
    assert len(stored_files()) == 1
    done = client.post(f"/documents/{doc.id}/purge", data={"confirm": "XÓA"})
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Document, doc.id) is None and stored_files() == []


def test_member_cannot_trash_or_see_the_trash(login_as, make_document):
    doc = make_document("Văn bản.", filename="x.txt")
    client = login_as("member")
    assert client.post(f"/documents/{doc.id}/trash").status_code == 403
    assert client.get("/documents/?trash=1").status_code == 403


def test_list_filters_and_waiting_citations_page(login_as, client_for, make_document):
    make_document(files.KE_HOACH, filename="kh.txt")
    make_document("Thông báo khác năm 2025.", filename="tb.txt", issued_on="2025-01-02", title="Thông báo năm cũ")
    client = login_as("secretariat")
    by_type = client.get("/documents/?type=ke_hoach").get_data(as_text=True)
    assert "83-KH/ĐU" in by_type and "Thông báo năm cũ" not in by_type
    by_year = client.get("/documents/?year=2025").get_data(as_text=True)
    assert "Thông báo năm cũ" in by_year and "83-KH/ĐU" not in by_year
    assert "83-KH/ĐU" in client.get("/documents/?q=83-KH/%C4%90U").get_data(as_text=True)
    waiting = client.get("/documents/citations/waiting").get_data(as_text=True)
    assert "21-CT/TU" in waiting
    assert client_for("member").get("/documents/citations/waiting").status_code == 403


def test_the_document_page_shows_the_header_as_its_two_columns_and_reads_as_paragraphs(login_as, make_document):
    text = files.CHI_THI.replace(
        "thực hiện tốt Kết luận số 205-KL/TW",
        "thực hiện tốt Kết luận\nsố 205-KL/TW",  # a line wrapped inside the sentence, as a PDF gives it
    )
    doc = make_document(text, filename="chi-thi-21.txt")
    page = login_as("member").get(f"/documents/{doc.id}").get_data(as_text=True)
    header = page[page.index('id="the-thuc"') : page.index("Nội dung")]
    left, right = header.split('<div class="col-6 text-center">')[1:3]
    assert "TỈNH ỦY" in left.upper() and '<div id="so-hieu">Số 21-CT/TU</div>' in left  # Party form: no colon
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in right and "Lào Cai, ngày 04 tháng 4 năm 2026" in right
    assert "<p>Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy thực hiện tốt Kết luận số 205-KL/TW" in page
    assert "<pre" not in page[page.index("Nội dung") :]
    signer = re.search(r'<td id="nguoi-ky">(.*?)</td>', page, re.S).group(1)
    assert "<div>T/M Ban Thường vụ</div><div>Phó Bí thư</div>" in signer and "Nguyễn Văn An" in signer
