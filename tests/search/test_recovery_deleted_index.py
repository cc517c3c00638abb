"""The index folder deleted while uploads go on: uploads still succeed, and `flask search check --repair` restores search."""

import json
import shutil

from portal.search.service import search_for_user


def _titles(user, q):
    return [hit["title"] for hit in search_for_user(user, q)["hits"]]


def test_uploads_survive_a_deleted_index_and_repair_brings_everything_back(app, users, make_document, runner):
    before = make_document("Báo cáo về số hóa hồ sơ lưu trữ vĩnh viễn của chi bộ", title="Số hóa hồ sơ lưu trữ")
    assert "Số hóa hồ sơ lưu trữ" in _titles(users["admin"], "số hóa hồ sơ")

    shutil.rmtree(app.config["INDEX_DIR"])  # an operator's mistake, or a lost disk
    during = make_document("Kết quả đào tạo kỹ năng số cho công chức", title="Đào tạo kỹ năng số")
    assert during.id is not None, "the upload itself never depends on the index"

    result = runner.invoke(args=["search", "check", "--repair", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["pending"] == 0
    assert "Số hóa hồ sơ lưu trữ" in _titles(users["admin"], "so hoa ho so")
    assert "Đào tạo kỹ năng số" in _titles(users["admin"], "kỹ năng số")
    again = json.loads(runner.invoke(args=["search", "check", "--json"]).stdout)
    assert (again["missing"], again["stale"], again["orphaned"]) == ([], [], [])
    assert before.id != during.id
