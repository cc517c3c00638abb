"""The office's synonym list in the portal and the "Có phải đồng chí muốn tìm" suggestion, through the real app.

Real SQLite (migrated, so the list starts seeded), real Whoosh index, the Flask test client and CLI runner.
"""

import html
import json
import re

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, SynonymEntry
from portal.search.synonym_defaults import DEFAULT_LINES


def hit_ids(payload):
    return [h["id"] for h in payload["hits"]]


def entry_count():
    return db.session.scalar(select(func.count(SynonymEntry.id)))


def audit_actions():
    return list(
        db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("synonym.%")).order_by(AuditEvent.id))
    )


def suggestion_link(page):
    match = re.search(
        r'id="co-phai-muon-tim">Có phải đồng chí muốn tìm: <a href="([^"]+)"><strong>([^<]+)</strong>', page
    )
    return (html.unescape(match.group(1)), match.group(2)) if match else None


def test_migration_seeds_the_shipped_list(app):
    shipped = [line for line in DEFAULT_LINES if line.strip() and not line.strip().startswith("#")]
    assert entry_count() == len(shipped) > 20
    assert db.session.scalar(select(SynonymEntry.text).order_by(SynonymEntry.id)) == shipped[0]


def test_unaccented_query_offers_the_accented_one_keeping_filters_and_sort(app, client, login_as, make_document):
    doc = make_document(
        "Kế hoạch cải cách hành chính của chi bộ năm 2026: cải cách hành chính gắn với chuyển đổi số.",
        title="Kế hoạch cải cách hành chính",
        doc_type="ke_hoach",
    )
    db.session.rollback()
    login_as("member")
    page = client.get("/search/?q=cai cach hanh chinh&sort=date_desc&type=ke_hoach").get_data(as_text=True)
    link = suggestion_link(page)
    assert link is not None, page
    url, shown = link
    assert shown == "cải cách hành chính"
    assert "sort=date_desc" in url and "type=ke_hoach" in url
    followed = client.get(url)
    assert followed.status_code == 200
    body = followed.get_data(as_text=True)
    assert f'href="/documents/{doc.id}"' in body
    assert 'value="cải cách hành chính"' in body
    assert suggestion_link(body) is None  # a well-typed query gets no suggestion
    assert "Tìm thấy 1 văn bản" in body


def test_api_and_cli_carry_the_suggestion_null_when_well_typed(app, client, login_as, make_document, runner):
    make_document("Báo cáo cải cách hành chính quý I của chi bộ.", title="Báo cáo cải cách hành chính")
    db.session.rollback()
    login_as("admin")
    loose = client.get("/api/v1/search?q=cai cach hanh chinh").get_json()
    assert loose["suggestion"] == "cải cách hành chính" and loose["total_exact"] is True
    exact = client.get("/api/v1/search?q=cải cách hành chính").get_json()
    assert exact["suggestion"] is None and exact["total"] == 1
    cli = runner.invoke(args=["search", "query", "cai cach hanh chinh", "--json"])
    assert cli.exit_code == 0, cli.output
    assert json.loads(cli.stdout)["suggestion"] == "cải cách hành chính"
    cli = runner.invoke(args=["search", "query", "cải cách hành chính", "--json"])
    assert json.loads(cli.stdout)["suggestion"] is None
    text = runner.invoke(args=["search", "query", "cai cach hanh chinh"])
    assert text.exit_code == 0 and "Có phải đồng chí muốn tìm: cải cách hành chính?" in text.output
    assert "Có phải" not in runner.invoke(args=["search", "query", "cải cách hành chính"]).output


def test_secretariat_edits_the_list_and_search_follows_at_once(app, client, login_as, make_document):
    doc = make_document(
        "Triển khai tài khoản định danh điện tử mức độ 2 cho cán bộ, đảng viên.", title="Triển khai định danh"
    )
    db.session.rollback()
    login_as("secretariat")
    assert client.get("/api/v1/search?q=XYZ").get_json()["total"] == 0
    page = client.get("/search/synonyms")
    assert page.status_code == 200 and "VNeID = định danh điện tử" in page.get_data(as_text=True)
    before = entry_count()
    response = client.post("/search/synonyms", data={"text": "  XYZ =  định danh điện tử "})
    assert response.status_code == 302
    assert entry_count() == before + 1
    assert audit_actions() == ["synonym.create"]
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "synonym.create")).one()
    assert event.username == "secretariat" and event.after == {"text": "XYZ = định danh điện tử"}
    found = client.get("/api/v1/search?q=XYZ").get_json()  # no reindex in between
    assert hit_ids(found) == [f"document:{doc.id}"]
    assert f'href="/documents/{doc.id}"' in client.get("/search/?q=XYZ").get_data(as_text=True)

    entry = db.session.scalars(select(SynonymEntry).where(SynonymEntry.text.like("XYZ%"))).one()
    assert client.post(f"/search/synonyms/{entry.id}", data={"text": "XYZ = hộ chiếu"}).status_code == 302
    assert client.get("/api/v1/search?q=XYZ").get_json()["total"] == 0
    assert client.post(f"/search/synonyms/{entry.id}/delete").status_code == 302
    assert entry_count() == before
    assert audit_actions() == ["synonym.create", "synonym.update", "synonym.delete"]


def test_bad_line_is_refused_beside_the_field_and_nothing_is_saved(app, client, login_as):
    login_as("secretariat")
    before = entry_count()
    response = client.post("/search/synonyms", data={"text": "VNeID"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert re.search(r'class="invalid-feedback d-block">Cần ít nhất hai cách gọi, ngăn cách bằng dấu “=”', page)
    assert 'value="VNeID"' in page  # the typed text stays in the field
    typed_loosely = "vneid = dinh danh dien tu = tai khoan dinh danh dien tu = can cuoc dien tu"
    assert DEFAULT_LINES[1].lower().startswith("vneid = định danh điện tử = tài khoản")
    response = client.post("/search/synonyms", data={"text": typed_loosely})
    assert response.status_code == 400 and "đã có trong danh sách" in response.get_data(as_text=True)
    response = client.post("/search/synonyms", data={"text": "một cửa = = bộ phận"})
    assert response.status_code == 400 and "Có một cách gọi để trống" in response.get_data(as_text=True)
    entry = db.session.scalars(select(SynonymEntry).order_by(SynonymEntry.id)).first()
    response = client.post(f"/search/synonyms/{entry.id}", data={"text": "chỉ một cách gọi"})
    assert response.status_code == 400
    db.session.expire_all()
    assert entry_count() == before and audit_actions() == []
    assert db.session.get(SynonymEntry, entry.id).text == DEFAULT_LINES[1]
    assert client.post("/search/synonyms/999999/delete").status_code == 404


def test_only_secretariat_and_admin_keep_the_list(app, client, login_as):
    def switch_to(username):
        client.post("/auth/logout")
        client.reset_csrf()
        login_as(username)

    for username in ("member", "secretary", "inspector"):
        switch_to(username)
        assert client.get("/search/synonyms").status_code == 403
        assert client.post("/search/synonyms", data={"text": "XYZ = định danh điện tử"}).status_code == 403
        assert 'href="/search/synonyms"' not in client.get("/").get_data(as_text=True)
    for username in ("secretariat", "admin"):
        switch_to(username)
        assert client.get("/search/synonyms").status_code == 200
        assert 'href="/search/synonyms"' in client.get("/").get_data(as_text=True)
    assert audit_actions() == []


def test_cli_lists_and_replaces_the_list_all_or_nothing(app, runner, tmp_path):
    listed = runner.invoke(args=["search", "synonyms", "list"])
    assert listed.exit_code == 0 and "VNeID = định danh điện tử" in listed.output
    bad = tmp_path / "bad.txt"
    bad.write_text("# danh sách\nXYZ = định danh điện tử\n\nchỉ một cách gọi\n", encoding="utf-8")
    before = entry_count()
    result = runner.invoke(args=["search", "synonyms", "set", str(bad)])
    assert result.exit_code != 0 and "Dòng 4: cần ít nhất hai cách gọi" in result.output
    assert entry_count() == before
    good = tmp_path / "good.txt"
    lines = listed.output.splitlines()
    first, dropped = lines[0], lines[-1]
    lines[0] = first.lower()  # the same entry written differently: its text changes, it is not added twice
    good.write_text("\n".join(lines[:-1]) + "\nXYZ = định danh điện tử\n", encoding="utf-8")
    result = runner.invoke(args=["search", "synonyms", "set", str(good), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"added": 1, "changed": 1, "removed": 1, "kept": before - 1}
    assert audit_actions() == ["synonym.replace"]
    after = runner.invoke(args=["search", "synonyms", "list"]).output.splitlines()
    assert after[0] == first.lower() and dropped not in after and after[-1] == "XYZ = định danh điện tử"
    assert len(after) == before


def test_estimated_phrase_total_reads_about_n(app, client, login_as, make_document, runner, monkeypatch):
    from portal.search import engine

    for n in range(3):
        make_document(f"Báo cáo số {n}: kết quả cải cách hành chính năm 2026 của chi bộ.", title=f"Báo cáo {n}")
    db.session.rollback()
    login_as("member")
    exact = client.get('/search/?q="cải cách hành chính"').get_data(as_text=True)
    assert "Tìm thấy 3 văn bản" in exact
    monkeypatch.setattr(engine, "PHRASE_VERIFY_DOCS", 1)  # too many candidates to check each one: an estimate
    about = client.get('/search/?q="cải cách hành chính"').get_data(as_text=True)
    assert re.search(r"Tìm thấy khoảng \d+ văn bản", about), about
    assert client.get('/api/v1/search?q="cải cách hành chính"').get_json()["total_exact"] is False
    assert re.search(r"^khoảng \d+ kết quả", runner.invoke(args=["search", "query", '"cải cách hành chính"']).output)


def test_a_change_made_by_another_worker_is_seen_by_the_next_search(app, users):
    """Under gunicorn another process edits the list: the data version moves and this process reads it again."""
    from sqlalchemy import create_engine, text

    from portal.services import synonyms

    first = synonyms.current_lines()
    assert synonyms.current_lines() is first  # unchanged list: the cached tuple, not a fresh read
    other = create_engine(str(db.engine.url))
    with other.begin() as conn:
        conn.execute(
            text("INSERT INTO synonym_entries (text, created_at, updated_at) VALUES (:t, :now, :now)"),
            {"t": "QWZX = định danh điện tử", "now": "2026-12-02 08:00:00.000000"},
        )
    other.dispose()
    db.session.rollback()
    now = synonyms.current_lines()
    assert now[-1] == "QWZX = định danh điện tử" and now[:-1] == first
    assert synonyms.current_set().expansions(["qwzx"]) == [["định", "danh", "điện", "tử"]]
