"""The upload store (generated names only, durable writes) and the demo documents step."""

import os

import pytest
from sqlalchemy import select

from portal.errors import NotFound
from portal.extensions import db
from portal.models import Document
from portal.services import storage


def test_store_file_uses_sharded_generated_names(app, tmp_path):
    src = tmp_path / "Báo cáo.txt"
    src.write_bytes("Nội dung".encode())
    stored = storage.store_file(str(src))
    assert storage.is_storage_name(stored.storage_name)
    rel = os.path.relpath(stored.path, app.config["UPLOAD_DIR"])
    assert rel == os.path.join(stored.storage_name[:2], stored.storage_name[2:4], stored.storage_name)
    assert stored.sha256 == storage.sha256_of(str(src)) and stored.size == len("Nội dung".encode())
    assert [name for name, _p in storage.iter_stored()] == [stored.storage_name]
    with storage.open_for_download(stored.storage_name) as handle:
        assert handle.read() == "Nội dung".encode()
    storage.remove(stored.storage_name)
    assert list(storage.iter_stored()) == []


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "ab/cd/x", "..", "", "A" * 32, "g" * 32])
def test_path_for_refuses_anything_but_generated_names(app, name):
    with pytest.raises(NotFound):
        storage.path_for(name)


def test_demo_documents_import_once(app, runner):
    from portal.demo import documents as demo
    from portal.services import accounts

    accounts.create_user("giupviec.ha", "Mat-khau-thu-nghiem-2026", ["member", "secretariat"], unit_code="BPGV")
    messages = []
    demo.load(messages.append)
    demo.load(messages.append)
    docs = {d.number: d for d in db.session.scalars(select(Document))}
    assert {"21-CT/TU", "205-KL/TW", "06/QĐ-TTg", "83-KH/ĐU"} <= set(docs)
    assert all(d.visibility == "all" for d in docs.values())
    assert docs["21-CT/TU"].issued_on.isoformat() == "2026-04-04" and docs["21-CT/TU"].doc_type == "chi_thi"
    assert docs["83-KH/ĐU"].doc_type == "ke_hoach"
    assert messages[-1] == "Văn bản mẫu: thêm 0 văn bản."
