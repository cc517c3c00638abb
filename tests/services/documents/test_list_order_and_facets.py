"""The document list walks an index in its order (no sort of every visible row), and its filter menus are cached per
reader and data version without ever showing what the reader may not see."""

from datetime import date

import pytest
from sqlalchemy import event, select, text

from portal.extensions import db
from portal.models import Document, User
from portal.services.documents import reads


def _user(name):
    return db.session.scalar(select(User).where(User.username == name))


def _statements(action):
    seen = []

    def _count(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", _count)
    try:
        result = action()
    finally:
        event.remove(db.engine, "before_cursor_execute", _count)
    return result, len(seen)


def test_the_default_order_is_newest_issued_first_and_undated_last(app, upload):
    for n, issued in enumerate((date(2024, 5, 1), None, date(2026, 1, 2), date(2025, 3, 4))):
        document = upload(f"Văn bản thứ tự {n}", f"thu-tu-{n}.txt", visibility="all").document
        document.issued_on = issued
        db.session.commit()
    items = reads.list_documents(_user("member"), per_page=50).items
    dated = [d.issued_on for d in items if d.issued_on]
    assert dated == sorted(dated, reverse=True)
    assert items[-1].issued_on is None and all(d.issued_on for d in items[: len(dated)])


@pytest.mark.parametrize("username", ["member", "admin", "secretary"])
def test_the_list_page_is_read_in_index_order_without_a_temporary_sort(app, username):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's EXPLAIN QUERY PLAN")
    query = reads.visible_documents(_user(username)).order_by(*reads.SORTS["moi_nhat"]).limit(20).offset(40)
    sql = str(query.compile(db.engine, compile_kwargs={"literal_binds": True}))
    plan = " | ".join(row[3] for row in db.session.execute(text("EXPLAIN QUERY PLAN " + sql)))
    assert "ix_documents_issued_sort" in plan and "TEMP B-TREE" not in plan, plan


def test_filter_values_are_cached_and_follow_every_change(app, upload):
    member = _user("member")
    first = upload("Nghị quyết năm 2019", "nq-2019.txt", visibility="all").document
    first.issuer, first.issued_year = "Sở Nội vụ", 2019
    db.session.commit()
    values, cold = _statements(lambda: reads.facet_values(member))
    assert 2019 in values["years"] and "Sở Nội vụ" in values["issuers"]
    again, warm = _statements(lambda: reads.facet_values(member))
    assert again == values and warm < cold  # served from the cache: only the data version is read

    hidden = upload("Văn bản chi bộ B", "cb-b.txt", user="admin", visibility="units", owner_unit_code="CB-B")
    hidden.document.issuer, hidden.document.issued_year = "Chi bộ Tổng hợp", 2018
    db.session.commit()
    mine = reads.facet_values(member)
    assert 2018 not in mine["years"] and "Chi bộ Tổng hợp" not in mine["issuers"]  # never another reader's values
    assert "Chi bộ Tổng hợp" in reads.facet_values(_user("member_b"))["issuers"]

    hidden.document.visibility = "all"
    db.session.commit()
    assert "Chi bộ Tổng hợp" in reads.facet_values(member)["issuers"]  # the change shows at once

    first.deleted_at = first.updated_at
    db.session.commit()
    assert "Sở Nội vụ" not in reads.facet_values(member)["issuers"]  # trashed: gone from the menus


def test_a_change_of_the_readers_unit_misses_the_cache(app, upload):
    document = upload("Văn bản chi bộ B", "cb-b.txt", user="admin", visibility="units", owner_unit_code="CB-B")
    document.document.issuer = "Chi bộ Tổng hợp"
    db.session.commit()
    member = _user("member")
    assert "Chi bộ Tổng hợp" not in reads.facet_values(member)["issuers"]
    member.unit_id = _user("member_b").unit_id
    db.session.commit()
    assert "Chi bộ Tổng hợp" in reads.facet_values(member)["issuers"]
    assert db.session.scalar(select(Document.id).where(Document.issuer == "Chi bộ Tổng hợp"))


def test_list_totals_are_cached_per_reader_and_follow_every_change(app, upload):
    member, member_b = _user("member"), _user("member_b")
    upload("Công văn chung", "chung.txt", visibility="all")
    page, cold = _statements(lambda: reads.list_documents(member))
    again, warm = _statements(lambda: reads.list_documents(member))
    before = page.total
    assert before >= 1 and again.total == before and warm < cold  # the count is not run again

    hidden = upload("Nội dung", "bc-b.txt", user="admin", visibility="units", owner_unit_code="CB-B")
    hidden.document.title = "Báo cáo chi bộ B"
    db.session.commit()
    assert reads.list_documents(member).total == before  # another branch's report: not counted for this reader
    assert reads.list_documents(member_b).total == before + 1
    assert reads.list_documents(member, q="Báo cáo chi bộ").total == 0

    hidden.document.visibility = "all"
    db.session.commit()
    assert reads.list_documents(member).total == before + 1  # the change shows at once
    assert reads.list_documents(member, q="Báo cáo chi bộ").total == 1

    hidden.document.deleted_at = hidden.document.updated_at
    db.session.commit()
    assert reads.list_documents(member).total == before
    assert reads.list_documents(member, q="Báo cáo chi bộ").total == 0
