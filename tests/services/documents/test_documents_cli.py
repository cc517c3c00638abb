"""flask documents import: folders walked in order, bad files reported and skipped, idempotent, --json on stdout."""

import json

import _doc_files as files


def _folder(tmp_path):
    root = tmp_path / "nhap"
    (root / "con").mkdir(parents=True)
    (root / "a-chi-thi.txt").write_text(files.CHI_THI, encoding="utf-8")
    (root / "b-ke-hoach.docx").write_bytes(files.docx(files.KE_HOACH.splitlines()))
    (root / "c-hong.pdf").write_bytes(b"%PDF-1.4 hong")
    (root / "con" / "d-trong.txt").write_bytes(b"")
    (root / "con" / "e-thong-bao.md").write_text("# Thông báo\n\nHọp chi bộ ngày 05/6/2026.", encoding="utf-8")
    (root / ".an.txt").write_text("tệp ẩn", encoding="utf-8")
    return root


def test_import_folder_json_shape_and_second_run_is_idempotent(runner, tmp_path):
    root = _folder(tmp_path)
    result = runner.invoke(args=["documents", "import", str(root), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["path"].rsplit("/", 1)[-1] for r in rows] == [
        "a-chi-thi.txt",
        "b-ke-hoach.docx",
        "c-hong.pdf",
        "d-trong.txt",
        "e-thong-bao.md",
    ]
    assert [r["status"] for r in rows] == ["imported", "imported", "rejected", "rejected", "imported"]
    assert all(set(r) == {"path", "status", "id", "number", "type", "title", "issued_on", "error"} for r in rows)
    assert rows[0]["number"] == "21-CT/TU" and rows[0]["type"] == "chi_thi" and rows[0]["issued_on"] == "2026-04-04"
    assert "hỏng" in rows[2]["error"] and rows[2]["id"] is None
    assert "không có nội dung" in rows[3]["error"]
    assert "Đang nhập văn bản" in result.stderr
    second = runner.invoke(args=["documents", "import", str(root), "--json"])
    again = json.loads(second.stdout)
    assert [r["status"] for r in again] == ["duplicate", "duplicate", "rejected", "rejected", "duplicate"]
    assert [r["id"] for r in again if r["id"]] == [r["id"] for r in rows if r["id"]]


def test_import_options_and_human_output(runner, tmp_path, users):
    from portal.extensions import db
    from portal.models import Document

    path = tmp_path / "bc.txt"
    path.write_text("Báo cáo chi bộ tháng 6.", encoding="utf-8")
    bad = tmp_path / "x.pdf"
    bad.write_bytes(files.gif())
    result = runner.invoke(
        args=[
            "documents",
            "import",
            str(path),
            str(bad),
            "--type",
            "bao_cao",
            "--unit",
            "CB-A",
            "--visibility",
            "units",
            "--user",
            "secretary",
        ]
    )
    assert result.exit_code == 0
    assert "Đã nhập 1 văn bản, 0 tệp trùng đã có, 1 tệp bị từ chối." in result.stdout
    assert "Bỏ qua" in result.stderr and "x.pdf" in result.stderr
    doc = db.session.query(Document).one()
    assert (doc.doc_type, doc.visibility, doc.owner_unit_id) == ("bao_cao", "units", users["secretary"].unit_id)


def test_every_file_rejected_exits_non_zero(runner, tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    result = runner.invoke(args=["documents", "import", str(tmp_path / "a.txt"), "--json"])
    assert result.exit_code == 1 and json.loads(result.stdout)[0]["status"] == "rejected"


def test_branch_secretary_import_for_another_branch_is_rejected_per_file(runner, tmp_path):
    path = tmp_path / "bc.txt"
    path.write_text("Báo cáo.", encoding="utf-8")
    result = runner.invoke(args=["documents", "import", str(path), "--unit", "CB-B", "--user", "secretary", "--json"])
    assert result.exit_code == 1
    assert "chi bộ của mình" in json.loads(result.stdout)[0]["error"]


def test_reextract_rereads_the_stored_file_and_keeps_metadata(runner, make_document):
    from portal.extensions import db
    from portal.models import Document, DocumentPage

    doc = make_document(files.CHI_THI, filename="ct.txt", title="Tiêu đề đã sửa tay")
    page = doc.current_version.pages[0]
    page.text = "nội dung bị hỏng"
    db.session.commit()
    result = runner.invoke(args=["documents", "reextract", str(doc.id)])
    assert result.exit_code == 0 and f"Văn bản {doc.id}: đã đọc lại 1 trang." in result.stdout
    db.session.expire_all()
    doc = db.session.get(Document, doc.id)
    assert "Ban Thường vụ Tỉnh ủy" in doc.text and doc.title == "Tiêu đề đã sửa tay"
    assert db.session.query(DocumentPage).count() == 1
    missing = runner.invoke(args=["documents", "reextract", "999"])
    assert missing.exit_code == 1 and "Không tìm thấy" in missing.stderr
