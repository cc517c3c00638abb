"""Real files for the documents tests: Vietnamese PDFs (text and scan), DOCX, Markdown, texts in several encodings."""

import io
import zipfile

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

CHI_THI = """ĐẢNG BỘ TỈNH LÀO CAI
TỈNH ỦY
*
Số 21-CT/TU

ĐẢNG CỘNG SẢN VIỆT NAM

Lào Cai, ngày 04 tháng 4 năm 2026

CHỈ THỊ
về tăng cường sự lãnh đạo của Đảng đối với công tác cải cách hành chính

Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy thực hiện tốt Kết luận số 205-KL/TW và Quyết định số 06/QĐ-TTg.

Nơi nhận:
- Các đảng bộ trực thuộc,
- Lưu Văn phòng Tỉnh ủy.

T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ

Nguyễn Văn An
"""

KE_HOACH = """ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH
ĐẢNG ỦY VĂN PHÒNG UBND TỈNH
*
Số 83-KH/ĐU

ĐẢNG CỘNG SẢN VIỆT NAM

Lào Cai, ngày 12 tháng 5 năm 2026

KẾ HOẠCH
thực hiện Chỉ thị số 21-CT/TU ngày 04/4/2026 của Ban Thường vụ Tỉnh ủy

Thực hiện Chỉ thị số 21-CT/TU ngày 04/4/2026 của Ban Thường vụ Tỉnh ủy, Đảng ủy xây dựng kế hoạch.
"""


def pdf(pages):
    """Bytes of a PDF with a text layer, one page per string (DejaVu Sans, full Vietnamese)."""
    from fpdf import FPDF

    doc = FPDF()
    doc.add_font("DejaVu", "", FONT)
    doc.set_font("DejaVu", size=11)
    for text in pages:
        doc.add_page()
        doc.multi_cell(0, 7, text)
    return bytes(doc.output())


def scan_pdf(lines=("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "", "Báo cáo công tác Đảng")):
    """Bytes of an image-only PDF page (a scan)."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 40)
    for i, line in enumerate(lines):
        draw.text((80, 120 + i * 70), line, font=font, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    doc = FPDF()
    doc.add_page()
    doc.image(buffer, x=0, y=0, w=210)
    return bytes(doc.output())


def encrypted_pdf(source_bytes):
    """An AES-256 encrypted copy of a PDF."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(source_bytes)))
    writer.encrypt(user_password="matkhau", owner_password="chu", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx(paragraphs):
    """Bytes of a real DOCX with these paragraphs."""
    import docx as python_docx

    document = python_docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_bomb(size=300 << 20):
    """A DOCX whose document.xml inflates to `size` bytes."""
    source = docx(["Đảng ủy"])
    para = b"<w:p><w:r><w:t>lol lol lol lol lol lol lol</w:t></w:r></w:p>" * 1024
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info.filename, src.read(info.filename))
        with dst.open("word/document.xml", "w", force_zip64=True) as entry:
            entry.write(
                b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                b'wordprocessingml/2006/main"><w:body>'
            )
            for _ in range(size // len(para)):
                entry.write(para)
            entry.write(b"</w:body></w:document>")
    return out.getvalue()


def png():
    """Bytes of a real PNG image."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (60, 80), 200).save(buffer, format="PNG")
    return buffer.getvalue()


def gif():
    """Bytes of a real GIF image: a format the portal does not take (PNG/JPEG/TIFF photos are OCR'd since issue 13)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (60, 80), 200).save(buffer, format="GIF")
    return buffer.getvalue()


TCVN3_TEXT = (
    "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc\n"
    "§¶ng ñy V¨n phßng b¸o c¸o kÕt qu¶ thùc hiÖn nhiÖm vô c¶i c¸ch hµnh chÝnh\n"
).encode("cp1252")

_TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text):
    """Windows-1258 bytes the way Word wrote them (base letter plus a combining tone byte)."""
    import unicodedata

    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tone = "".join(c for c in parts if c in _TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)
