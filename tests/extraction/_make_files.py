"""Real sample files for the extraction tests: Vietnamese PDFs, DOCX, scans, bombs and broken files."""

import struct
import zipfile
import zlib

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
BODY = (
    "Đảng bộ tỉnh triển khai Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ, "
    "đổi mới sáng tạo và chuyển đổi số quốc gia; Ủy ban Kiểm tra hướng dẫn thực hiện."
)


def _pdf():
    """An fpdf2 document with DejaVu Sans (full Vietnamese)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", FONT)
    pdf.set_font("DejaVu", size=12)
    return pdf


def text_pdf(path, pages: list[str]) -> str:
    """A PDF with one text page per string."""
    pdf = _pdf()
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    pdf.output(str(path))
    return str(path)


def scan_image(lines=(QUOC_HIEU, TIEU_NGU, "", "Đảng bộ tỉnh", "Chỉ thị về công tác kiểm tra")):
    """A white A4-ish greyscale image with large Vietnamese text, like a clean scan at 150 dpi."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 40)
    for i, line in enumerate(lines):
        draw.text((80, 120 + i * 70), line, font=font, fill=0)
    return image


def image_pdf(path, tmp_dir, text_layer: str | None = None) -> str:
    """An image-only PDF page (a "scan"); with text_layer, also a (garbage) text layer over it."""
    png = tmp_dir / "scan.png"
    scan_image().save(png)
    pdf = _pdf()
    pdf.add_page()
    pdf.image(str(png), x=0, y=0, w=210)
    if text_layer:
        pdf.set_xy(10, 200)
        pdf.multi_cell(0, 8, text_layer)
    pdf.output(str(path))
    return str(path)


def encrypted_pdf(path, source: str, user_password: str = "matkhau", owner_password: str = "chu") -> str:
    """A copy of source encrypted with pypdf (AES-256)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="AES-256")
    with open(path, "wb") as handle:
        writer.write(handle)
    return str(path)


def _assemble_pdf(objects: list[bytes], trailer_extra: bytes = b"", prev_self: bool = False) -> bytes:
    """A PDF from numbered object bodies with a correct xref; prev_self makes the xref point /Prev to itself."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    prev = b" /Prev %d" % xref if prev_self else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        prev,
        trailer_extra,
        xref,
    )
    return bytes(out)


def circular_pdf(path) -> str:
    """A PDF whose xref /Prev points to itself and whose page tree contains itself."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length 4 0 R >>\nstream\nBT ET\nendstream",
    ]
    with open(path, "wb") as handle:
        handle.write(_assemble_pdf(objects, prev_self=True))
    return str(path)


def zeros_deflate(total: int, chunk: int = 16 << 20) -> bytes:
    """A zlib stream of `total` zero bytes, built from one repeated full-flush block (fast, small)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(b"\0" * chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(b"\0" * chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush(zlib.Z_FINISH)
    count = total // chunk
    adler = (((count * chunk) % 65521) << 16) | 1
    return b"\x78\xda" + block + repeated * (count - 1) + tail + struct.pack(">I", adler)


def flate_bomb_pdf(path, total: int = 2 << 30) -> str:
    """A one-page PDF whose content stream inflates to `total` bytes of zeros (2 GiB -> about 2 MB)."""
    data = zeros_deflate(total)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    ]
    with open(path, "wb") as handle:
        handle.write(_assemble_pdf(objects))
    return str(path)


def docx_file(path, paragraphs=(QUOC_HIEU, TIEU_NGU, BODY), table=(("Số", "Nội dung"), ("1", "Đảng ủy"))) -> str:
    """A real DOCX (python-docx) with paragraphs, then a table, then a closing paragraph."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    document.add_paragraph("Nơi nhận: Ban Thường vụ.")
    document.save(str(path))
    return str(path)


def replace_in_zip(source, path, name: str, data: bytes) -> str:
    """Copy the zip at source to path with entry `name` replaced by data."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, data if info.filename == name else src.read(info.filename))
    return str(path)


def docx_bomb(path, source, size: int = 400 << 20) -> str:
    """A DOCX whose word/document.xml is `size` bytes of repeated paragraphs, streamed into the zip."""
    para = b"<w:p><w:r><w:t>lol lol lol lol lol lol lol</w:t></w:r></w:p>" * 1024
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
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
    return str(path)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE w:document [
<!ENTITY lol "lol">
<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p><w:p><w:r><w:t>Đảng ủy</w:t></w:r></w:p>
</w:body></w:document>""".encode()


def plain_zip(path, names=("xl/workbook.xml", "[Content_Types].xml")) -> str:
    """A zip that is not a Word document (looks like an XLSX)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return str(path)


def png_bytes() -> bytes:
    """A real PNG image."""
    import io

    buffer = io.BytesIO()
    scan_image(("Đảng",)).resize((100, 140)).save(buffer, format="PNG")
    return buffer.getvalue()


EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(range(256)) * 8
TCVN3_TEXT = "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc\n".encode("cp1252")

_TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258_bytes(text: str) -> bytes:
    """Encode as Windows-1258 the way Word did: letter (with ^, breve or horn) plus a combining tone byte."""
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
