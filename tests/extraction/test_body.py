"""What may be quoted from a document (the body only) and how a signer and a page read for people."""

from portal.extraction.header import body_paragraphs, person_name, reading_paragraphs, signer_parts

REPORT = """ĐẢNG BỘ VĂN PHÒNG UBND TỈNH
CHI BỘ TỔNG HỢP
*
Số 11-BC/CB
ĐẢNG CỘNG SẢN VIỆT NAM
Lào Cai, ngày 21 tháng 12 năm 2026

BÁO CÁO
kết quả thực hiện công tác cải cách hành chính quý IV năm 2026

Chi bộ Tổng hợp báo cáo như sau:

I. KẾT QUẢ
1. Chi bộ lãnh đạo phòng rà soát 12 văn bản quy phạm pháp luật, kiến nghị sửa
đổi 03 văn bản.
Trang 2/3
2. Cung cấp dịch vụ công trực tuyến toàn trình cho 146 thủ tục hành chính.
T/M CHI BỘ
BÍ THƯ
Trần Thị Bình
"""


def test_the_body_leaves_out_header_signature_and_page_furniture():
    paragraphs = body_paragraphs(REPORT)
    assert paragraphs == [
        "Chi bộ Tổng hợp báo cáo như sau:",
        "1. Chi bộ lãnh đạo phòng rà soát 12 văn bản quy phạm pháp luật, kiến nghị sửa đổi 03 văn bản.",
        "2. Cung cấp dịch vụ công trực tuyến toàn trình cho 146 thủ tục hành chính.",
    ]


def test_a_bare_signer_and_noi_nhan_end_the_body():
    text = "Chi bộ đã hoàn thành số hóa 92% hồ sơ trong quý.\n\nNơi nhận:\n- Lưu Chi bộ.\nBÍ THƯ\nĐỗ Thu Hà\n"
    assert body_paragraphs(text) == ["Chi bộ đã hoàn thành số hóa 92% hồ sơ trong quý."]
    text = "Chi bộ đã hoàn thành số hóa 92% hồ sơ trong quý.\nBÍ THƯ\nĐỗ Thu Hà\n"
    assert body_paragraphs(text) == ["Chi bộ đã hoàn thành số hóa 92% hồ sơ trong quý."]


def test_signers_read_with_both_lines_in_sentence_case():
    assert signer_parts("T/M BAN THƯỜNG VỤ TỈNH ỦY", "PHÓ BÍ THƯ", "TRẦN QUỐC HƯNG") == {
        "acts_for": "T/M Ban Thường vụ Tỉnh ủy",
        "title": "Phó Bí thư",
        "name": "Trần Quốc Hưng",
    }
    assert signer_parts("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lý Thị Hoa")["acts_for"] == "K/T Chủ tịch"
    assert person_name("Nguyễn Thanh Tú") == "Nguyễn Thanh Tú"


def test_a_page_reads_as_paragraphs():
    text = "BÁO CÁO\nChi bộ lãnh đạo phòng rà soát 12 văn bản quy phạm pháp luật do UBND tỉnh ban hành,\nkiến nghị sửa đổi.\n- Một ý.\n"
    assert reading_paragraphs(text) == [
        "BÁO CÁO",
        "Chi bộ lãnh đạo phòng rà soát 12 văn bản quy phạm pháp luật do UBND tỉnh ban hành, kiến nghị sửa đổi.",
        "- Một ý.",
    ]
