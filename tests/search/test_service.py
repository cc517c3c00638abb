"""Search service against the real app: index jobs, permissions through the visibility query, lock and loss recovery."""

import shutil
from datetime import UTC, timedelta

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.search import service
from portal.search.jobs import apply_pending, enqueue, get_manager, pending_count


def hit_ids(result):
    return [h["id"] for h in result["hits"]]


def test_uploaded_document_is_found_with_url(app, users, make_document):
    doc = make_document("Kế hoạch cải cách hành chính của chi bộ năm 2025.", title="Kế hoạch cải cách hành chính")
    res = service.search_for_user(users["admin"], "cai cach hanh chinh")
    assert hit_ids(res)[0] == "document:%d" % doc.id
    assert "url" not in res["hits"][0]  # the search core builds no URL; the web layer links the index id
    from portal.blueprints.links import with_urls

    with app.test_request_context("/"):
        assert with_urls(res["hits"])[0]["url"] == f"/documents/{doc.id}"
    assert pending_count() == 0


def test_hidden_document_never_reaches_a_member(app, users, make_document):
    open_doc = make_document("Nghị quyết về công tác tuyên giáo công khai.", title="Tuyên giáo công khai")
    hidden = make_document("Nghị quyết về công tác tuyên giáo tối mật riêng.", title="Tuyên giáo riêng")
    hidden.visibility = "leadership"
    hidden.secrecy = "mat"
    db.session.commit()
    member = users["member"]
    res = service.search_for_user(member, "tuyên giáo")
    assert "document:%d" % hidden.id not in hit_ids(res)
    assert "document:%d" % open_doc.id in hit_ids(res)
    assert res["total"] == len(res["hits"]) == 1
    assert sum(res["facets"]["type"].values()) <= 1
    assert all(s["id"] != "document:%d" % hidden.id for s in service.autocomplete_for_user(member, "Tuyên giáo"))
    assert all(
        h["id"] != "document:%d" % hidden.id
        for h in service.more_like_this_for_user(member, "document:%d" % open_doc.id)
    )
    assert "document:%d" % hidden.id in hit_ids(service.search_for_user(users["admin"], "tuyên giáo"))


def test_locked_index_leaves_jobs_pending_then_applies_them(app, users, make_document):
    make_document("Văn bản mở đầu.", title="Mở đầu")
    ix = get_manager(app).open()
    writer = ix.writer()  # another writer holds the lock
    try:
        doc = make_document("Báo cáo kinh tế tuần hoàn của chi bộ.", title="Kinh tế tuần hoàn")
        assert pending_count() >= 1
        assert apply_pending(app, lock_timeout=0.1) == 0
        from portal.models import Job

        job = db.session.scalars(select(Job).where(Job.kind == "search.index")).first()
        db.session.refresh(job)
        assert job.attempts >= 1 and "Lock" in (job.last_error or "") and job.status == "pending"
    finally:
        writer.cancel()
    with clock.frozen(clock.utcnow() + timedelta(minutes=1)):  # the failed attempt waits out its back-off
        assert apply_pending(app) >= 1
    assert pending_count() == 0
    assert hit_ids(service.search_for_user(users["admin"], "kinh tế tuần hoàn"))[0] == "document:%d" % doc.id


def test_deleted_index_is_detected_and_repaired(app, users, make_document):
    a = make_document("Thông báo lịch sinh hoạt chi bộ tháng năm.", title="Lịch sinh hoạt")
    b = make_document("Hướng dẫn đóng đảng phí.", title="Đảng phí")
    manager = get_manager(app)
    manager.close()
    shutil.rmtree(app.config["INDEX_DIR"])
    report = service.check()
    assert set(report["missing"]) == {"document:%d" % a.id, "document:%d" % b.id}
    repaired = service.check(repair=True)
    assert repaired["missing"]
    assert service.check() == {"missing": [], "stale": [], "orphaned": [], "pending": 0}
    assert hit_ids(service.search_for_user(users["admin"], "đảng phí"))[0] == "document:%d" % b.id


def test_stale_and_orphaned_entries_are_reported(app, users, make_document):
    a = make_document("Kế hoạch học tập nghị quyết.", title="Học tập nghị quyết")
    get_manager(app).apply([{"id": "document:99999", "title": "Bóng ma", "text": "không còn"}], [])
    a.title = "Học tập nghị quyết (sửa)"
    db.session.commit()
    report = service.check()
    assert "document:99999" in report["orphaned"]
    assert "document:%d" % a.id in report["stale"]
    service.check(repair=True)
    assert service.check()["orphaned"] == [] and service.check()["stale"] == []


def test_trashed_document_is_removed_from_the_index(app, users, make_document):
    doc = make_document("Công văn về phòng chống bão lũ.", title="Phòng chống bão lũ")
    from datetime import datetime

    doc.deleted_at = datetime.now(UTC).replace(tzinfo=None)
    enqueue(db.session, "document", doc.id, "delete")
    db.session.commit()
    apply_pending(app)
    assert service.search_for_user(users["admin"], "bão lũ")["total"] == 0


def test_rebuild_all_swaps_and_keeps_everything(app, users, make_document):
    docs = [make_document("Tài liệu số %d về chuyển đổi số." % i, title="Chuyển đổi số %d" % i) for i in range(3)]
    manager = get_manager(app)
    before = manager.current_generation()
    old = manager.searcher()
    result = service.rebuild_all()
    assert manager.current_generation() != before and result["generation"] == manager.current_generation()
    assert old.doc_count() >= 3  # the old searcher still answers
    res = service.search_for_user(users["admin"], "chuyển đổi số")
    assert {"document:%d" % d.id for d in docs} <= set(hit_ids(res))
