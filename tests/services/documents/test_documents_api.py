"""The documents API: multipart upload, detail with citations/links/versions, list, download, refusals, IDOR."""

import io

import _doc_files as files
import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Document


@pytest.fixture
def token(app, users):
    """token(username) -> an Authorization header for that user."""
    from portal.services import accounts

    def _header(username):
        return {"Authorization": "Bearer " + accounts.issue_token(users[username], "kiểm thử")}

    return _header


def _send(client, headers, data, name, **fields):
    return client.post(
        "/api/v1/documents",
        data={"file": (io.BytesIO(data), name), **fields},
        content_type="multipart/form-data",
        headers=headers,
        csrf=False,
    )


def test_upload_answers_201_then_200_for_the_same_bytes(client, token):
    headers = token("secretariat")
    first = _send(client, headers, files.CHI_THI.encode(), "Chỉ thị 21.txt")
    assert first.status_code == 201
    body = first.get_json()
    assert {k: body[k] for k in ("status", "number", "type", "issued_on")} == {
        "status": "imported",
        "number": "21-CT/TU",
        "type": "chi_thi",
        "issued_on": "2026-04-04",
    }
    assert body["title"] and isinstance(body["id"], int) and body["warnings"] == []
    again = _send(client, headers, files.CHI_THI.encode(), "ban-sao.txt")
    assert again.status_code == 200 and again.get_json()["status"] == "duplicate"
    assert again.get_json()["id"] == body["id"]


def test_metadata_fields_and_type_are_taken(client, token):
    response = _send(
        client,
        token("admin"),
        b"Noi dung van ban khong co tieu de.",
        "x.txt",
        type="thong_bao",
        title="Thông báo lịch họp",
        issued_on="2026-05-20",
        visibility="leadership",
    )
    body = response.get_json()
    assert response.status_code == 201
    assert body["type"] == "thong_bao" and body["title"] == "Thông báo lịch họp" and body["issued_on"] == "2026-05-20"
    assert db.session.get(Document, body["id"]).visibility == "leadership"


def test_refusals_are_json_with_vietnamese_messages(app, client, token, stored_files):
    headers = token("admin")
    bad = _send(client, headers, files.gif(), "anh.pdf")
    assert bad.status_code == 422 and "không được hỗ trợ" in bad.get_json()["error"]["message"]
    app.config["MAX_UPLOAD_MB"] = 1
    big = _send(client, headers, b"a" * (1024 * 1024 + 10), "lon.txt")
    assert big.status_code == 413
    assert big.get_json()["error"]["message"] == "Tệp vượt quá dung lượng cho phép (1 MB)."
    missing = client.post("/api/v1/documents", data={}, content_type="multipart/form-data", headers=headers, csrf=False)
    assert missing.status_code == 400 and "Chưa chọn tệp" in missing.get_json()["error"]["message"]
    assert db.session.scalar(select(func.count()).select_from(Document)) == 0 and stored_files() == []


def test_branch_secretary_and_member_are_refused(client, token):
    other_branch = _send(client, token("secretary"), b"Bao cao", "bc.txt", unit="CB-B")
    assert other_branch.status_code == 403 and "chi bộ của mình" in other_branch.get_json()["error"]["message"]
    member = _send(client, token("member"), b"Bao cao", "bc.txt")
    assert member.status_code == 403
    anonymous = _send(client, {"Authorization": "Bearer sai-ma"}, b"Bao cao", "bc.txt")
    assert anonymous.status_code == 401
    own = _send(client, token("secretary"), "Báo cáo quý IV của chi bộ.".encode(), "bc.txt", unit="CB-A")
    assert own.status_code == 201


def test_detail_has_citations_links_and_versions(client, token, make_document):
    cited = make_document(files.CHI_THI, filename="ct21.txt")
    plan = make_document(files.KE_HOACH, filename="kh83.txt")
    body = client.get(f"/api/v1/documents/{plan.id}", headers=token("member")).get_json()
    assert body["number"] == "83-KH/ĐU" and body["type"] == "ke_hoach" and body["issued_on"] == "2026-05-12"
    assert body["citations"]["cites"] == [
        {"number": "21-CT/TU", "key": "21-CT-TU", "raw": body["citations"]["cites"][0]["raw"], "document_id": cited.id}
    ]
    assert body["links"] == []
    version = body["versions"][0]
    assert version["version_no"] == 1 and version["name"] == "kh83.txt" and len(version["sha256"]) == 64
    download = client.get(version["download"], headers=token("member"))
    assert download.status_code == 200 and download.data == files.KE_HOACH.encode()
    cited_body = client.get(f"/api/v1/documents/{cited.id}", headers=token("member")).get_json()
    assert [c["document_id"] for c in cited_body["citations"]["cited_by"]] == [plan.id]


def test_idor_another_branch_report_is_404(client, token, make_document):
    report = make_document("Báo cáo quý của Chi bộ Tổng hợp.", filename="bc.txt", user="secretary_b")
    version_id = report.current_version.id
    for who in ("secretary", "member"):
        headers = token(who)
        assert client.get(f"/api/v1/documents/{report.id}", headers=headers).status_code == 404
        assert (
            client.get(f"/api/v1/documents/{report.id}/versions/{version_id}/download", headers=headers).status_code
            == 404
        )
        listed = client.get("/api/v1/documents", headers=headers).get_json()
        assert report.id not in [d["id"] for d in listed["items"]] and listed["total"] == 0
    assert client.get(f"/api/v1/documents/{report.id}", headers=token("member_b")).status_code == 200


def test_list_pages_with_limit_and_offset(client, token, make_document):
    ids = [make_document(f"Văn bản số thứ tự {i}.", filename=f"vb{i}.txt").id for i in range(3)]
    page = client.get("/api/v1/documents?limit=2&offset=0", headers=token("member")).get_json()
    rest = client.get("/api/v1/documents?limit=2&offset=2", headers=token("member")).get_json()
    assert page["total"] == 3 and len(page["items"]) == 2 and len(rest["items"]) == 1
    assert sorted(d["id"] for d in page["items"] + rest["items"]) == sorted(ids)
