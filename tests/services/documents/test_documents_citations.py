"""Citations by number: linked both ways, waiting until the cited document arrives, never revealing hidden ones."""

import _doc_files as files

from portal.services import documents

KET_LUAN = "BỘ CHÍNH TRỊ\n*\nSố 205-KL/TW\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\nHà Nội, ngày 10 tháng 3 năm 2026\n\nKẾT LUẬN\nvề cơ chế đặc biệt\n\nNội dung kết luận.\n"


def test_citation_waits_then_connects_when_the_cited_document_arrives(make_document, users):
    chi_thi = make_document(files.CHI_THI, filename="ct.txt")
    cites = documents.citations_of(chi_thi, users["member"])["cites"]
    assert {c.number for c in cites} == {"205-KL/TW", "06/QĐ-TTg"}
    assert all(c.target is None for c in cites)
    waiting = {g.number_key: g for g in documents.waiting_citations()}
    assert set(waiting) == {"205-KL-TW", "6-QD-TTG"} and waiting["205-KL-TW"].count == 1
    assert [d.id for d in waiting["205-KL-TW"].sources] == [chi_thi.id]

    ket_luan = make_document(KET_LUAN, filename="kl.txt")
    assert ket_luan.number_key == "205-KL-TW"
    cites = {c.number: c for c in documents.citations_of(chi_thi, users["member"])["cites"]}
    assert cites["205-KL/TW"].target.id == ket_luan.id and cites["06/QĐ-TTg"].target is None
    cited_by = documents.citations_of(ket_luan, users["member"])["cited_by"]
    assert [src.id for src, _c in cited_by] == [chi_thi.id]
    assert [g.number_key for g in documents.waiting_citations()] == ["6-QD-TTG"]


def test_citing_an_existing_document_links_at_once_and_skips_its_own_number(make_document, users):
    chi_thi = make_document(files.CHI_THI, filename="ct.txt")
    plan = make_document(files.KE_HOACH, filename="kh.txt")
    cites = documents.citations_of(plan, users["member"])["cites"]
    assert [(c.number, c.target.id) for c in cites] == [("21-CT/TU", chi_thi.id)]
    assert "83-KH/ĐU" not in {c.number for c in cites}
    assert [src.id for src, _c in documents.citations_of(chi_thi, users["member"])["cited_by"]] == [plan.id]


def test_hidden_documents_are_not_linked_either_way(make_document, users):
    cited = make_document(files.CHI_THI, filename="ct.txt")
    hidden = make_document("Báo cáo của chi bộ thực hiện Chỉ thị số 21-CT/TU.", filename="bc.txt", user="secretary_b")
    assert documents.citations_of(cited, users["member"])["cited_by"] == []
    assert [s.id for s, _c in documents.citations_of(cited, users["member_b"])["cited_by"]] == [hidden.id]
    secret = make_document(KET_LUAN, filename="kl.txt", secrecy="mat")
    cites = {c.number: c for c in documents.citations_of(cited, users["member"])["cites"]}
    assert cites["205-KL/TW"].target is None
    assert {c.number: c for c in documents.citations_of(cited, users["leader"])["cites"]}[
        "205-KL/TW"
    ].target.id == secret.id


def test_trash_sends_links_back_to_waiting_and_restore_reconnects(make_document, users):
    chi_thi = make_document(files.CHI_THI, filename="ct.txt")
    ket_luan = make_document(KET_LUAN, filename="kl.txt")
    documents.trash(ket_luan, users["secretariat"])
    assert "205-KL-TW" in {g.number_key for g in documents.waiting_citations()}
    documents.restore(ket_luan, users["secretariat"])
    cites = {c.number: c for c in documents.citations_of(chi_thi, users["admin"])["cites"]}
    assert cites["205-KL/TW"].target.id == ket_luan.id


def test_number_corrected_in_the_form_relinks(make_document, users):
    chi_thi = make_document(files.CHI_THI, filename="ct.txt")
    unnumbered = make_document("Kết luận về cơ chế đặc biệt (bản chụp thiếu số).", filename="kl.txt")
    documents.update_metadata(unnumbered, {"number": "205-KL/TW", "issuer": "Bộ Chính trị"}, users["admin"])
    cites = {c.number: c for c in documents.citations_of(chi_thi, users["admin"])["cites"]}
    assert cites["205-KL/TW"].target.id == unnumbered.id


def test_home_panel_for_the_secretariat_counts_waiting_references(app, make_document, users):
    make_document(files.CHI_THI, filename="ct.txt")
    from portal.blueprints.main.panels import documents as document_panels

    with app.test_request_context():
        panels = {p.key: p for p in document_panels.panels(users["secretariat"])}
        assert panels["documents.waiting"].count == 2
        assert len(panels["documents.newest"].items) == 1
        assert panels["documents.newest"].items[0].note == "Chỉ thị · ban hành 04/04/2026"  # "Văn bản mới" shows dates
        member_panels = {p.key for p in document_panels.panels(users["member"])}
    assert member_panels == {"documents.newest"}


def test_metadata_edit_is_audited_with_before_and_after(make_document, users):
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import AuditEvent

    doc = make_document(files.CHI_THI, filename="ct.txt")
    documents.update_metadata(
        doc, {"urgency": "hoa_toc", "title": "Chỉ thị về cải cách hành chính"}, users["secretariat"]
    )
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "document.update")).one()
    assert event.before["urgency"] == "thuong" and event.after["urgency"] == "hoa_toc"
    assert event.after["title"] == "Chỉ thị về cải cách hành chính" and event.username == "secretariat"


def test_branch_secretary_edits_only_own_branch_documents(make_document, users):
    import pytest

    from portal.errors import NotAllowed

    own = make_document("Báo cáo chi bộ A.", filename="a.txt", user="secretary")
    other = make_document("Báo cáo chi bộ B.", filename="b.txt", user="secretary_b")
    documents.update_metadata(own, {"title": "Báo cáo quý IV"}, users["secretary"])
    with pytest.raises(NotAllowed):
        documents.update_metadata(other, {"title": "Sửa trộm"}, users["secretary"])


def test_home_page_shows_the_documents_panels(client_for, make_document):
    make_document(files.CHI_THI, filename="ct.txt")
    page = client_for("secretariat").get("/").get_data(as_text=True)
    assert "Văn bản mới" in page and "chưa có trong thư viện" in page
    assert "chưa có trong thư viện" not in client_for("member").get("/").get_data(as_text=True)
