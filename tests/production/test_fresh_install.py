"""A fresh install: search answers on an empty index, and keeps answering after the first upload (same process)."""


def test_search_on_empty_index_then_after_first_upload(app, upload, users):
    from portal.search.service import search_for_user

    assert search_for_user(users["admin"], "đầu tiên")["total"] == 0
    doc = upload("Văn bản đầu tiên của cổng thông tin")
    hits = search_for_user(users["admin"], "đầu tiên")["hits"]
    assert [h["id"] for h in hits] == [f"document:{doc.id}"]


def test_check_on_an_empty_portal_is_clean(runner):
    result = runner.invoke(args=["check", "--json"])
    assert result.exit_code == 0, result.output
