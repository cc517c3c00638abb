"""Header metadata on the real plan and on headers written in Party (HD 36-HD/VPTW) and State (NĐ 30/2020) form."""

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from portal.extraction.header import proper_case, read_header, split_columns

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
REAL = (SAMPLES / "plan" / "ke-hoach-cchc-2026-2030.txt").read_text(encoding="utf-8")

CHI_THI = """ĐẢNG BỘ TỈNH LÀO CAI
TỈNH ỦY
*
Số 21-CT/TU

ĐẢNG CỘNG SẢN VIỆT NAM

Lào Cai, ngày 04 tháng 4 năm 2026

CHỈ THỊ
về tăng cường sự lãnh đạo của Đảng đối với công tác cải cách hành chính
giai đoạn 2026-2030

Thời gian qua, công tác cải cách hành chính của tỉnh đạt nhiều kết quả.

Nơi nhận:
- Các đảng bộ trực thuộc Tỉnh ủy,
- Các đồng chí Tỉnh ủy viên,
- Lưu Văn phòng Tỉnh ủy.

T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ

Nguyễn Văn An
"""

KET_LUAN = """BAN CHẤP HÀNH TRUNG ƯƠNG
*
Số 205-KL/TW

ĐẢNG CỘNG SẢN VIỆT NAM

Hà Nội, ngày 10 tháng 11 năm 2025

KẾT LUẬN
của Bộ Chính trị về cơ chế đặc biệt trong tuyển dụng, bố trí, sử dụng và đãi ngộ cán bộ

Bộ Chính trị yêu cầu các cấp ủy, tổ chức đảng thực hiện tốt các nội dung sau:

Nơi nhận:
- Các tỉnh ủy, thành ủy,
- Lưu Văn phòng Trung ương Đảng.

T/M BỘ CHÍNH TRỊ
THƯỜNG TRỰC BAN BÍ THƯ

Trần Văn Nam
"""

QUYET_DINH = """THỦ TƯỚNG CHÍNH PHỦ
-------
Số: 06/QĐ-TTg
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Hà Nội, ngày 06 tháng 01 năm 2022

QUYẾT ĐỊNH
Phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia giai đoạn 2022 - 2025, tầm nhìn đến năm 2030

THỦ TƯỚNG CHÍNH PHỦ

Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;

QUYẾT ĐỊNH:

Điều 1. Phê duyệt Đề án.

Nơi nhận:
- Ban Bí thư Trung ương Đảng;
- Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ;
- Lưu: VT, KSTT (2b).
KT. THỦ TƯỚNG
PHÓ THỦ TƯỚNG




Vũ Đức Đam
"""

NGHI_DINH = """CHÍNH PHỦ
--------
Số: 91/2016/NĐ-CP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Hà Nội, ngày 01 tháng 7 năm 2016

NGHỊ ĐỊNH
Về quản lý hóa chất, chế phẩm diệt côn trùng, diệt khuẩn dùng trong lĩnh vực gia dụng và y tế

Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;

Nơi nhận:
- Ban Bí thư Trung ương Đảng;
- Lưu: VT, KGVX.

TM. CHÍNH PHỦ
THỦ TƯỚNG

Nguyễn Xuân Phúc
"""

BAO_CAO = """ĐẢNG BỘ VĂN PHÒNG UBND TỈNH
CHI BỘ HÀNH CHÍNH - QUẢN TRỊ
*
Số 12-BC/CB
ĐẢNG CỘNG SẢN VIỆT NAM
Lào Cai, ngày 25 tháng 9 năm 2026

BÁO CÁO
kết quả thực hiện Kế hoạch cải cách hành chính quý III/2026

Chi bộ Hành chính - Quản trị báo cáo kết quả như sau:

Nơi nhận:
- Đảng ủy Văn phòng UBND tỉnh;
- Lưu Chi bộ.

T/M CHI BỘ
BÍ THƯ

Phạm Thị Lan
"""

MAT_KHAN = """UBND TỈNH LÀO CAI
VĂN PHÒNG
Số: 1520/VP-NC
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
MẬT
THƯỢNG KHẨN
Lào Cai, ngày 18 tháng 3 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về bảo đảm an ninh mạng

Ngày 15/3/2026, Chủ tịch UBND tỉnh chủ trì cuộc họp.

Nơi nhận:
- Chủ tịch, các PCT UBND tỉnh;
- Lưu: VT, NC.

TL. CHỦ TỊCH
CHÁNH VĂN PHÒNG

Hoàng Minh Đức
"""

INTERLEAVED = """ĐẢNG BỘ TỈNH LÀO CAI ĐẢNG CỘNG SẢN VIỆT NAM
ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH
* Lào Cai, ngày 12 tháng 5 năm 2026
Số 83-KH/ĐU
KẾ HOẠCH
lãnh đạo thực hiện công tác cải cách hành chính giai đoạn 2026-2030
Thực hiện Chỉ thị số 21-CT/TU ngày 04/4/2026 của Ban Thường vụ Tỉnh ủy, Đảng ủy Ủy ban nhân dân tỉnh ban hành Kế hoạch.
Nơi nhận: T/M BAN THƯỜNG VỤ
- Ban Thường vụ Tỉnh ủy (để b/c), BÍ THƯ
- Lưu Văn phòng Đảng ủy.
Lê Minh Hoàng
"""

REVERSED = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM UBND TỈNH LÀO CAI
Độc lập - Tự do - Hạnh phúc SỞ NỘI VỤ
Số: 245/SNV-CCHC Lào Cai, ngày 3 tháng 2 năm 2026
V/v báo cáo kết quả cải cách hành chính năm 2025

Kính gửi: Các cơ quan, đơn vị.

KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC

Lý Thị Hoa
"""

DRAFT_STATE = """ỦY BAN NHÂN DÂN
TỈNH LÀO CAI
Số: /QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lào Cai, ngày tháng năm 2026

QUYẾT ĐỊNH
Về việc ban hành Kế hoạch cải cách hành chính năm 2026

ỦY BAN NHÂN DÂN TỈNH LÀO CAI
"""


def test_real_plan():
    meta = read_header(REAL)
    assert meta.number is None and meta.is_draft and meta.number_pattern == "KH/ĐU"
    assert meta.doc_type == "ke_hoach"
    assert meta.title == "Lãnh đạo thực hiện công tác cải cách hành chính giai đoạn 2026-2030"
    assert (meta.place, meta.issued_on, meta.issued_year, meta.issued_month) == ("Lào Cai", None, 2026, 5)
    assert meta.issuer == "Đảng ủy Văn phòng UBND tỉnh" and meta.issuer_parent is None
    assert (meta.signer_mark, meta.signer_body, meta.signer_title) == ("T/M", "BAN THƯỜNG VỤ", "PHÓ BÍ THƯ")
    assert meta.signer_name == "Nguyễn Thanh Tú"
    assert meta.recipients == [
        "Ban Chấp hành Đảng ủy Văn phòng",
        "Bí thư các Chi bộ trực thuộc",
        "Phòng Hành chính - Quản trị (Đ/c Huấn, PP Hành chính - Quản trị)",
        "Lưu ĐUVP",
    ]
    assert (meta.secrecy, meta.urgency) == ("thuong", "thuong")
    assert {"title", "signer_name", "recipients", "issued_year"} <= set(meta.found) and "issued_on" not in meta.found
    assert meta.confidence == 1.0


def test_chi_thi_of_the_provincial_standing_committee():
    meta = read_header(CHI_THI)
    assert (meta.number, meta.doc_type, meta.is_draft) == ("21-CT/TU", "chi_thi", False)
    assert meta.issuer == "Ban Thường vụ Tỉnh ủy" and meta.issuer_parent == "ĐẢNG BỘ TỈNH LÀO CAI"
    assert meta.issued_on == date(2026, 4, 4) and meta.place == "Lào Cai"
    assert meta.title == ("Về tăng cường sự lãnh đạo của Đảng đối với công tác cải cách hành chính giai đoạn 2026-2030")
    assert (meta.signer_name, meta.signer_title) == ("Nguyễn Văn An", "PHÓ BÍ THƯ")
    assert len(meta.recipients) == 3 and meta.recipients[2] == "Lưu Văn phòng Tỉnh ủy"


def test_ket_luan_of_the_politburo():
    meta = read_header(KET_LUAN)
    assert (meta.number, meta.doc_type) == ("205-KL/TW", "ket_luan")
    assert meta.issuer == "Bộ Chính trị" and meta.issuer_parent == "BAN CHẤP HÀNH TRUNG ƯƠNG"
    assert (meta.place, meta.issued_on) == ("Hà Nội", date(2025, 11, 10))
    assert meta.title.startswith("Kết luận của Bộ Chính trị về cơ chế đặc biệt trong tuyển dụng")
    assert (meta.signer_mark, meta.signer_body, meta.signer_title) == ("T/M", "BỘ CHÍNH TRỊ", "THƯỜNG TRỰC BAN BÍ THƯ")


def test_quyet_dinh_of_the_prime_minister_state_form():
    meta = read_header(QUYET_DINH)
    assert (meta.number, meta.doc_type, meta.issuer) == ("06/QĐ-TTg", "quyet_dinh", "Thủ tướng Chính phủ")
    assert meta.issued_on == date(2022, 1, 6)
    assert meta.title.startswith("Phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư")
    assert meta.title.endswith("tầm nhìn đến năm 2030")
    assert (meta.signer_mark, meta.signer_body, meta.signer_title) == ("K/T", "THỦ TƯỚNG", "PHÓ THỦ TƯỚNG")
    assert meta.signer_name == "Vũ Đức Đam"
    assert meta.recipients[-1] == "Lưu: VT, KSTT (2b)"


def test_nghi_dinh_of_the_government():
    meta = read_header(NGHI_DINH)
    assert (meta.number, meta.doc_type, meta.issuer) == ("91/2016/NĐ-CP", "khac", "Chính phủ")
    assert meta.title == (
        "Về quản lý hóa chất, chế phẩm diệt côn trùng, diệt khuẩn dùng trong lĩnh vực gia dụng và y tế"
    )
    assert (meta.signer_mark, meta.signer_body, meta.signer_title, meta.signer_name) == (
        "T/M",
        "CHÍNH PHỦ",
        "THỦ TƯỚNG",
        "Nguyễn Xuân Phúc",
    )
    assert meta.issued_on == date(2016, 7, 1)


def test_branch_report():
    meta = read_header(BAO_CAO)
    assert (meta.number, meta.doc_type) == ("12-BC/CB", "bao_cao")
    assert meta.issuer == "Chi bộ Hành chính - Quản trị"
    assert meta.issuer_parent == "ĐẢNG BỘ VĂN PHÒNG UBND TỈNH"
    assert meta.title == "Kết quả thực hiện Kế hoạch cải cách hành chính quý III/2026"
    assert meta.recipients == ["Đảng ủy Văn phòng UBND tỉnh", "Lưu Chi bộ"]
    assert (meta.signer_body, meta.signer_title, meta.signer_name) == ("CHI BỘ", "BÍ THƯ", "Phạm Thị Lan")


def test_secret_and_urgent():
    meta = read_header(MAT_KHAN)
    assert (meta.secrecy, meta.urgency) == ("mat", "thuong_khan")
    assert {"secrecy", "urgency"} <= set(meta.found)
    assert (meta.number, meta.doc_type, meta.issuer, meta.issuer_parent) == (
        "1520/VP-NC",
        "thong_bao",
        "Văn phòng",
        "UBND TỈNH LÀO CAI",
    )
    assert meta.title == "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về bảo đảm an ninh mạng"
    assert meta.issued_on == date(2026, 3, 18)
    assert (meta.signer_mark, meta.signer_title) == ("T/L", "CHÁNH VĂN PHÒNG")


@pytest.mark.parametrize(
    "stamp, secrecy, urgency",
    [
        ("TỐI MẬT", "toi_mat", "thuong"),
        ("TUYỆT MẬT", "tuyet_mat", "thuong"),
        ("KHẨN", "thuong", "khan"),
        ("HỎA TỐC", "thuong", "hoa_toc"),
        ("MẬT HỎA TỐC", "mat", "hoa_toc"),
        ("HOẢ TỐC", "thuong", "hoa_toc"),
    ],
)
def test_stamps(stamp, secrecy, urgency):
    meta = read_header(CHI_THI.replace("*\n", f"*\n{stamp}\n"))
    assert (meta.secrecy, meta.urgency) == (secrecy, urgency)
    assert meta.issuer == "Ban Thường vụ Tỉnh ủy"


def test_header_interleaved_on_one_line_as_pdf_extraction_gives():
    meta = read_header(INTERLEAVED)
    assert meta.issuer_parent == "ĐẢNG BỘ TỈNH LÀO CAI"
    assert meta.issuer == "Đảng ủy Ủy ban nhân dân tỉnh"
    assert (meta.number, meta.doc_type, meta.place, meta.issued_on) == (
        "83-KH/ĐU",
        "ke_hoach",
        "Lào Cai",
        date(2026, 5, 12),
    )
    assert meta.title == "Lãnh đạo thực hiện công tác cải cách hành chính giai đoạn 2026-2030"
    assert (meta.signer_mark, meta.signer_body, meta.signer_title, meta.signer_name) == (
        "T/M",
        "BAN THƯỜNG VỤ",
        "BÍ THƯ",
        "Lê Minh Hoàng",
    )
    assert meta.recipients == ["Ban Thường vụ Tỉnh ủy (để b/c)", "Lưu Văn phòng Đảng ủy"]


def test_columns_in_the_other_order_and_number_beside_the_date():
    meta = read_header(REVERSED)
    assert (meta.issuer_parent, meta.issuer) == ("UBND TỈNH LÀO CAI", "Sở Nội vụ")
    assert (meta.number, meta.place, meta.issued_on) == ("245/SNV-CCHC", "Lào Cai", date(2026, 2, 3))
    assert (meta.doc_type, meta.title) == ("cong_van", "báo cáo kết quả cải cách hành chính năm 2025")
    assert (meta.signer_mark, meta.signer_title, meta.signer_name) == ("K/T", "PHÓ GIÁM ĐỐC", "Lý Thị Hoa")


def test_decomposed_input():
    meta = read_header(unicodedata.normalize("NFD", CHI_THI))
    assert (meta.number, meta.doc_type, meta.issuer) == ("21-CT/TU", "chi_thi", "Ban Thường vụ Tỉnh ủy")
    assert meta.issued_on == date(2026, 4, 4) and meta.signer_name == "Nguyễn Văn An"
    assert unicodedata.is_normalized("NFC", meta.title)


def test_state_draft_without_number_or_day():
    meta = read_header(DRAFT_STATE)
    assert (meta.number, meta.is_draft, meta.number_pattern) == (None, True, "QĐ-UBND")
    assert (meta.issued_year, meta.issued_month, meta.issued_on) == (2026, None, None)
    assert (meta.issuer, meta.issuer_parent) == ("Ủy ban nhân dân tỉnh Lào Cai", None)
    assert meta.title == "Về việc ban hành Kế hoạch cải cách hành chính năm 2026"


def test_title_in_capitals_after_the_type_line():
    meta = read_header(
        CHI_THI.replace(
            "về tăng cường sự lãnh đạo của Đảng đối với công tác cải cách hành chính\ngiai đoạn",
            "VỀ TĂNG CƯỜNG SỰ LÃNH ĐẠO CỦA ĐẢNG ĐỐI VỚI CÔNG TÁC CẢI CÁCH HÀNH CHÍNH\nGIAI ĐOẠN",
        )
    )
    assert meta.title == "VỀ TĂNG CƯỜNG SỰ LÃNH ĐẠO CỦA ĐẢNG ĐỐI VỚI CÔNG TÁC CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN 2026-2030"


def test_type_and_title_on_one_line():
    meta = read_header(CHI_THI.replace("CHỈ THỊ\nvề tăng", "CHỈ THỊ về tăng"))
    assert meta.doc_type == "chi_thi" and meta.title.startswith("Về tăng cường sự lãnh đạo của Đảng")
    assert meta.title.endswith("giai đoạn 2026-2030")


def test_markdown_demo_document():
    meta = read_header((SAMPLES / "documents" / "quyet-dinh-06-qd-ttg.md").read_text(encoding="utf-8"))
    assert (meta.number, meta.doc_type, meta.issuer, meta.signer_mark) == (
        "06/QĐ-TTg",
        "quyet_dinh",
        "Thủ tướng Chính phủ",
        "K/T",
    )


def test_split_columns():
    assert split_columns("ĐẢNG BỘ TỈNH LÀO CAI ĐẢNG CỘNG SẢN VIỆT NAM") == [
        "ĐẢNG BỘ TỈNH LÀO CAI",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
    ]
    assert split_columns("Số 21-CT/TU Lào Cai, ngày 04 tháng 4 năm 2026") == [
        "Số 21-CT/TU",
        "Lào Cai, ngày 04 tháng 4 năm 2026",
    ]
    assert split_columns("TỈNH ỦY Số 21-CT/TU") == ["TỈNH ỦY", "Số 21-CT/TU"]


@pytest.mark.parametrize(
    "caps, proper",
    [
        ("ĐẢNG ỦY VĂN PHÒNG UBND TỈNH", "Đảng ủy Văn phòng UBND tỉnh"),
        ("TỈNH ỦY LÀO CAI", "Tỉnh ủy Lào Cai"),
        ("CHI BỘ HÀNH CHÍNH - QUẢN TRỊ", "Chi bộ Hành chính - Quản trị"),
        ("ỦY BAN KIỂM TRA ĐẢNG ỦY", "Ủy ban Kiểm tra Đảng ủy"),
        ("BAN CHẤP HÀNH TRUNG ƯƠNG", "Ban Chấp hành Trung ương"),
        ("UBND TỈNH LÀO CAI", "UBND tỉnh Lào Cai"),
    ],
)
def test_proper_case(caps, proper):
    assert proper_case(caps) == proper


def test_title_that_starts_with_cua_carries_the_type_name():
    meta = read_header(
        "BAN CHẤP HÀNH TRUNG ƯƠNG\n*\nSố 205-KL/TW\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\nKẾT LUẬN\n"
        "của Bộ Chính trị về cơ chế đặc biệt trong tuyển dụng cán bộ\n\nNội dung."
    )
    assert meta.title == "Kết luận của Bộ Chính trị về cơ chế đặc biệt trong tuyển dụng cán bộ"
