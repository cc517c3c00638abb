"""Issues 3/4 in real Chromium: the secretariat uploads a document through the drag-and-drop form (progress, step 2),
then a member types a distinctive phrase without diacritics and finds that document first."""

import re
import uuid

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SECRETARIAT = "giupviec.ha"
MEMBER = "dangvien.giang"  # Chi bộ Kiểm soát thủ tục hành chính: not used by the other browser tests
TITLE_WORDS = "Tổ công nghệ số cộng đồng tại xã Bản Hồ"
QUERY = "to cong nghe so cong dong xa ban ho"  # the same phrase typed without diacritics


def _notice_text(marker):
    """A Party notice in the usual form, about a distinctive subject; the marker makes its bytes unique."""
    return f"""ĐẢNG BỘ VĂN PHÒNG UBND TỈNH
BỘ PHẬN GIÚP VIỆC
*
Số 31-TB/ĐU

ĐẢNG CỘNG SẢN VIỆT NAM

Lào Cai, ngày 25 tháng 11 năm 2026

THÔNG BÁO
về mô hình {TITLE_WORDS}

Thực hiện Kế hoạch lãnh đạo thực hiện công tác cải cách hành chính giai đoạn 2026-2030, Bộ phận giúp việc Đảng ủy
thông báo kết quả thí điểm mô hình {TITLE_WORDS}, thị xã Sa Pa: các đảng viên trẻ hướng dẫn người dân nộp hồ sơ
trực tuyến, cài đặt và sử dụng ứng dụng định danh điện tử, thanh toán không dùng tiền mặt.

Đề nghị các chi bộ nghiên cứu, học tập cách làm của {TITLE_WORDS} và báo cáo kết quả nhân rộng.

Nơi nhận:
- Các chi bộ trực thuộc,
- Lưu Văn phòng Đảng ủy.

T/L BAN THƯỜNG VỤ
CHÁNH VĂN PHÒNG
Trần Thu Hà

Mã tài liệu kiểm thử: {marker}
"""


def _sign_out(page):
    page.locator("#menu-tai-khoan").click()
    page.locator("#nut-dang-xuat").click()
    page.wait_for_url("**/auth/login")


def test_secretariat_uploads_and_member_finds_it_without_diacritics(page, signed_in, tmp_path):
    source = tmp_path / "thong-bao-mo-hinh-to-cong-nghe-so-ban-ho.md"
    source.write_text(_notice_text(uuid.uuid4().hex), encoding="utf-8")

    # 1. Upload through the drag-and-drop form; the script shows the file, then the progress while sending.
    signed_in(SECRETARIAT)
    page.get_by_role("link", name="Văn bản", exact=True).first.click()
    page.get_by_role("link", name="Tải văn bản lên").click()
    expect(page.get_by_text("Kéo và thả tệp vào đây, hoặc bấm để chọn tệp")).to_be_visible()
    page.locator("#form-tai-len input[type=file]").set_input_files(str(source))
    expect(page.locator("[data-file-name]")).to_contain_text(f"Đã chọn: {source.name} (")
    page.get_by_label("Phạm vi xem").select_option("all")

    seen = {}

    def observe_upload(route):
        """While the upload is in flight: the progress bar shows and the button is disabled; then let it through."""
        seen["progress_visible"] = page.locator("[data-progress-wrap]").is_visible()
        seen["button_disabled"] = page.get_by_role("button", name="Tải lên và đọc thông tin").is_disabled()
        seen["accept"] = route.request.headers.get("accept")
        route.continue_()

    page.route(
        re.compile(r".*/documents/upload$"),
        lambda route: observe_upload(route) if route.request.method == "POST" else route.continue_(),
    )
    page.get_by_role("button", name="Tải lên và đọc thông tin").click()
    page.wait_for_url(re.compile(r"/documents/\d+/edit"))
    page.unroute(re.compile(r".*/documents/upload$"))
    assert seen == {"progress_visible": True, "button_disabled": True, "accept": "application/json"}, seen

    # 2. Step 2: the metadata read from the header, checked and saved.
    expect(page.get_by_role("heading", level=1)).to_have_text("Bước 2: kiểm tra thông tin đọc từ văn bản")
    expect(page.get_by_text(f"Tệp “{source.name}” đã được lưu.")).to_be_visible()
    expect(page.get_by_label("Trích yếu / tiêu đề")).to_have_value(re.compile(re.escape(TITLE_WORDS)))
    expect(page.get_by_label("Số, ký hiệu")).to_have_value("31-TB/ĐU")
    page.get_by_role("button", name="Lưu thông tin").click()
    page.wait_for_url(re.compile(r"/documents/\d+$"))
    doc_path = re.search(r"(/documents/\d+)$", page.url).group(1)
    expect(page.locator("main")).to_contain_text(TITLE_WORDS)
    _sign_out(page)

    # 3. A member searches from the header box, without diacritics, and gets the notice first.
    signed_in(MEMBER)
    box = page.get_by_label("Tìm kiếm", exact=True)  # the header box (a combobox once autocomplete is on)
    box.fill(QUERY)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/?\?"))
    expect(page.locator("#so-ket-qua")).to_contain_text("Tìm thấy")
    first = page.locator("article.search-hit").first
    expect(first.get_by_role("link")).to_contain_text(TITLE_WORDS)
    expect(first.get_by_role("link")).to_have_attribute("href", re.compile(re.escape(doc_path) + r"$"))
    expect(first).to_contain_text("Thông báo")
    first.get_by_role("link").click()
    page.wait_for_url(re.compile(re.escape(doc_path) + r"$"))
    expect(page.locator("main")).to_contain_text("31-TB/ĐU")
