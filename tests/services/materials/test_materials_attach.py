"""Attaching a file to a material is one transaction: a failure after the upload leaves no document, file or job."""

import os

import pytest
from sqlalchemy import func, select
from support import index_jobs

from portal.extensions import db
from portal.models import Document, MaterialDocument
from portal.services import audit, storage
from portal.services import materials as service


def _stored_files():
    root = storage.upload_dir()
    return sorted(os.path.join(d, f) for d, _, names in os.walk(root) for f in names)


def test_attach_stores_the_document_and_the_attachment_together(make_material, users, tmp_path):
    material = make_material(publish=False)
    path = tmp_path / "phu-luc.txt"
    path.write_text("Phụ lục hướng dẫn quán triệt Chỉ thị 21-CT/TU.", encoding="utf-8")
    document = service.attach_file(material, str(path), "phu-luc.txt", users["secretariat"])
    rows = db.session.scalars(select(MaterialDocument).where(MaterialDocument.material_id == material.id)).all()
    assert [(r.document_id, r.is_attachment) for r in rows] == [(document.id, True)]
    assert index_jobs("document", document.id)


def test_a_failure_after_the_upload_leaves_nothing_half_stored(make_material, users, tmp_path, monkeypatch):
    material = make_material(publish=False)
    path = tmp_path / "phu-luc.txt"
    path.write_text("Phụ lục hướng dẫn quán triệt Nghị quyết 05.", encoding="utf-8")
    files_before, docs_before = _stored_files(), db.session.scalar(select(func.count()).select_from(Document))
    real_record = audit.record

    def failing_record(action, *args, **kwargs):
        if action == "material.attach":
            raise RuntimeError("ổ đĩa đầy giữa chừng")
        return real_record(action, *args, **kwargs)

    monkeypatch.setattr(audit, "record", failing_record)
    with pytest.raises(RuntimeError):
        service.attach_file(material, str(path), "phu-luc.txt", users["secretariat"])
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Document)) == docs_before  # no orphan document
    assert db.session.scalar(select(func.count()).select_from(MaterialDocument)) == 0
    assert _stored_files() == files_before  # the stored file was removed again
    assert index_jobs() == []


def test_attaching_a_file_already_in_the_library_commits_once(make_material, make_document, users, tmp_path):
    text = "Tài liệu tuyên truyền về chuyển đổi số đã có trong thư viện."
    existing = make_document(text, filename="cds.txt", user="secretariat")
    material = make_material(publish=False)
    path = tmp_path / "cds.txt"
    path.write_text(text, encoding="utf-8")
    document = service.attach_file(material, str(path), "cds.txt", users["secretariat"])
    assert document.id == existing.id
    assert [r.document_id for r in material.document_rows] == [existing.id]
