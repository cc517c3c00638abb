"""`flask check` finds corrupt, missing and orphaned files, index drift and pending jobs; backup + wipe + restore ends clean."""

import json
import os
import shutil

from portal.extensions import db
from portal.models import DocumentVersion
from portal.services import storage
from portal.services.ops import integrity


def _check(runner, *args):
    result = runner.invoke(args=["check", "--json", "--grace", "0", *args])
    return result.exit_code, json.loads(result.output)


def _codes(report):
    return sorted(p["code"] for p in report["problems"])


def _path_of(document):
    return storage.path_for(document.current_version.storage_name)


def test_clean_portal_has_no_problems(runner, make_document):
    make_document("Nghị quyết về chuyển đổi số trong cơ quan Đảng")
    make_document("Kế hoạch cải cách hành chính năm 2026")
    code, report = _check(runner)
    assert (code, report) == (0, {"problems": [], "repaired": []})


def test_corrupt_and_missing_files_are_reported_and_not_repairable(runner, make_document):
    corrupt = make_document("Báo cáo sơ kết quý I")
    gone = make_document("Thông báo kết luận hội nghị")
    with open(_path_of(corrupt), "ab") as fh:
        fh.write(b"x")
    os.remove(_path_of(gone))
    code, report = _check(runner, "--repair")
    assert code == 1
    assert _codes(report) == ["file_corrupt", "file_missing"]
    assert all(not p["repairable"] for p in report["problems"])
    assert any("sao lưu" in p["message"] for p in report["problems"])


def test_orphaned_file_is_quarantined_never_deleted(runner, make_document, app):
    make_document("Văn bản có thật")
    orphan = storage.path_for("ab" * 16)
    os.makedirs(os.path.dirname(orphan), exist_ok=True)
    with open(orphan, "wb") as fh:
        fh.write(b"khong thuoc van ban nao")
    code, report = _check(runner)
    assert code == 1 and _codes(report) == ["file_orphaned"]
    code, report = _check(runner, "--repair")
    assert code == 0, report
    assert [p["code"] for p in report["repaired"]] == ["file_orphaned"]
    assert not os.path.exists(orphan)
    kept = [os.path.join(d, f) for d, _, fs in os.walk(integrity.quarantine_dir()) for f in fs]
    assert len(kept) == 1 and open(kept[0], "rb").read() == b"khong thuoc van ban nao"


def test_recent_orphan_is_left_alone_during_grace(runner, app):
    orphan = storage.path_for("cd" * 16)
    os.makedirs(os.path.dirname(orphan), exist_ok=True)
    open(orphan, "wb").close()
    result = runner.invoke(args=["check", "--json", "--repair", "--grace", "600"])
    report = json.loads(result.output)
    assert result.exit_code == 1 and os.path.exists(orphan)
    assert report["problems"][0]["repairable"] is False


def test_index_drift_and_pending_jobs_are_repaired(runner, make_document):
    from portal.search import jobs

    kept = make_document("Chỉ thị về công tác kiểm tra giám sát")
    dropped = make_document("Quy định về văn hóa công sở")
    jobs.get_manager().apply([], [f"document:{dropped.id}"])
    jobs.enqueue(db.session, "document", kept.id)
    db.session.commit()
    code, report = _check(runner)
    assert code == 1 and _codes(report) == ["index_missing", "index_pending"]
    code, report = _check(runner, "--repair")
    assert code == 0 and report["problems"] == []
    assert {p["code"] for p in report["repaired"]} == {"index_missing", "index_pending"}


def test_text_output_is_vietnamese(runner, make_document):
    make_document("Văn bản")
    result = runner.invoke(args=["check"])
    assert result.exit_code == 0 and "Không phát hiện vấn đề nào" in result.output


def _wipe(app):
    """Delete the database file, the uploads and the index, as after losing the server."""
    db.session.remove()
    db.engine.dispose()
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            path = url[len("sqlite:///") :] + suffix
            if os.path.exists(path):
                os.remove(path)
    app.extensions.pop("portal_search", None)
    for key in ("UPLOAD_DIR", "INDEX_DIR"):
        shutil.rmtree(app.config[key])
        os.makedirs(app.config[key])


def _roundtrip(app, runner, upload, users, target):
    from portal.search.service import search_for_user

    public = upload("Nghị quyết về chuyển đổi số năm 2026")
    private = upload("Báo cáo nội bộ chi bộ hành chính", user="secretary", visibility="units")
    public_id, private_id = public.id, private.id
    before = {v.storage_name: v.sha256 for v in db.session.scalars(db.select(DocumentVersion))}
    created = runner.invoke(args=["backup", "create", str(target)])
    assert created.exit_code == 0, created.output
    assert os.path.exists(target)
    _wipe(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        with db.engine.begin() as conn:
            conn.execute(db.text("DROP SCHEMA public CASCADE"))
            conn.execute(db.text("CREATE SCHEMA public"))
    restored = runner.invoke(args=["backup", "restore", str(target), "--json"])
    assert restored.exit_code == 0, restored.output
    code, report = _check(runner)
    assert (code, report["problems"]) == (0, [])
    after = {v.storage_name: v.sha256 for v in db.session.scalars(db.select(DocumentVersion))}
    assert after == before
    for name, sha in after.items():
        assert storage.sha256_of(storage.path_for(name)) == sha
    users = {u.username: u for u in db.session.scalars(db.select(type(users["admin"])))}
    hits = search_for_user(users["admin"], "chuyển đổi số")["hits"]
    assert f"document:{public_id}" in [h["id"] for h in hits]
    assert f"document:{private_id}" in [h["id"] for h in search_for_user(users["member"], "báo cáo nội bộ")["hits"]]
    assert f"document:{private_id}" not in [
        h["id"] for h in search_for_user(users["member_b"], "báo cáo nội bộ")["hits"]
    ]


def test_backup_wipe_restore_folder_sqlite(app, runner, upload, users, tmp_path):
    _roundtrip(app, runner, upload, users, tmp_path / "backups" / "portal-2026")


def test_backup_wipe_restore_tar_sqlite(app, runner, upload, users, tmp_path):
    _roundtrip(app, runner, upload, users, tmp_path / "backups" / "portal.tar")


def test_restore_refuses_non_empty_portal_and_corrupt_backup(app, runner, make_document, tmp_path):
    make_document("Văn bản đang dùng")
    target = tmp_path / "b"
    assert runner.invoke(args=["backup", "create", str(target)]).exit_code == 0
    refused = runner.invoke(args=["backup", "restore", str(target)])
    assert refused.exit_code != 0 and "--force" in refused.output
    manifest = json.loads((target / "manifest.json").read_text())
    with open(target / "files" / manifest["files"][0]["name"], "ab") as fh:
        fh.write(b"!")
    broken = runner.invoke(args=["backup", "restore", str(target), "--force"])
    assert broken.exit_code != 0 and "hỏng" in broken.output


def test_backup_refuses_existing_target(app, runner, tmp_path):
    (tmp_path / "exists").mkdir()
    result = runner.invoke(args=["backup", "create", str(tmp_path / "exists")])
    assert result.exit_code != 0 and "đã tồn tại" in result.output
