"""The search results page for people: nothing found says so with a hint, never "Tìm thấy 0 kết quả"."""


def test_nothing_found_says_so_with_a_hint(client, login_as, make_document):
    make_document("Chỉ thị về cải cách hành chính.")
    login_as("member")
    page = client.get("/search/?q=xyzzyqwerty&type=chi_thi").get_data(as_text=True)
    assert "Không tìm thấy văn bản phù hợp" in page and "kiểm tra lại chính tả" in page
    assert "Tìm thấy 0" not in page and "tìm lại không lọc" in page
