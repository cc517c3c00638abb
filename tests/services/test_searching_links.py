"""The search use case through every door: hits carry index ids from the core, and the web layer (pages, API, CLI)
adds the same links."""

import json

from portal.extensions import db


def test_api_search_and_autocomplete_link_hits_like_the_page(app, client, login_as, make_document, runner):
    doc = make_document("Kế hoạch chuyển đổi số của chi bộ năm 2026.", title="Kế hoạch chuyển đổi số")
    db.session.rollback()
    login_as("admin")
    found = client.get("/api/v1/search?q=chuyển đổi số").get_json()
    assert found["hits"][0]["id"] == f"document:{doc.id}" and found["hits"][0]["url"] == f"/documents/{doc.id}"
    suggested = client.get("/api/v1/autocomplete?q=Kế hoạch chuyển").get_json()
    assert {"id": f"document:{doc.id}", "url": f"/documents/{doc.id}"}.items() <= suggested[0].items()
    page = client.get("/search/?q=chuyển đổi số").get_data(as_text=True)
    assert f'href="/documents/{doc.id}"' in page
    cli = runner.invoke(args=["search", "query", "chuyển đổi số", "--json"])
    assert cli.exit_code == 0, cli.output
    assert json.loads(cli.stdout)["hits"][0]["url"] == f"/documents/{doc.id}"  # the CLI links outside a request
