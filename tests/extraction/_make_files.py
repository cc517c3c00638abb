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
    """An image-only PDF page (a "scan"); with text_layer, also an invisible (garbage OCR) text layer over it."""
    png = tmp_dir / "scan.png"
    scan_image().save(png)
    pdf = _pdf()
    pdf.add_page()
    pdf.image(str(png), x=0, y=0, w=210)
    if text_layer:
        pdf.set_xy(10, 200)
        with pdf.local_context(text_mode="INVISIBLE"):
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


# --- Office files beyond DOCX: full DOCX parts, LibreOffice conversions, OLE2 containers, spreadsheets, images ---

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT_BOX = "Hộp văn bản: Ban Tuyên giáo"
FOOTNOTE = "Chú thích: theo Hướng dẫn số 36-HD/VPTW"
ENDNOTE = "Ghi chú cuối: lưu Văn phòng Đảng ủy"
HEADER = "ĐẢNG BỘ TỈNH LÀO CAI"
FOOTER = "Trang chân: Văn phòng UBND tỉnh"


def _text_box_run(text: str) -> str:
    """A run holding a DrawingML text box with its VML fallback copy (as Word writes it)."""
    box = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return (
        f'<w:r xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml">'
        f'<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp>'
        f"</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )


def _notes_xml(tag: str, text: str) -> bytes:
    """footnotes.xml / endnotes.xml with Word's two separators and one real note (id 1)."""
    sep = f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
    sep += (
        f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{tag}>'
    )
    note = f'<w:{tag} w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:{tag}>'
    return f'<?xml version="1.0" encoding="UTF-8"?><w:{tag}s xmlns:w="{W_NS}">{sep}{note}</w:{tag}s>'.encode()


def full_docx(path) -> str:
    """A DOCX with a header, a footer, a text box, a table, a footnote and an endnote (all Vietnamese)."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = HEADER
    section.footer.paragraphs[0].text = FOOTER
    document.add_paragraph(QUOC_HIEU)
    anchor = document.add_paragraph("Đoạn có hộp chữ.")
    anchor._p.append(parse_xml(_text_box_run(TEXT_BOX)))
    grid = document.add_table(rows=2, cols=3)
    for r, row in enumerate((("STT", "Đơn vị", "Số đảng viên"), ("1", "Chi bộ Tổng hợp", "25"))):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value
    refs = document.add_paragraph("Văn bản có chú thích.")
    refs._p.append(parse_xml(f'<w:r xmlns:w="{W_NS}"><w:footnoteReference w:id="1"/></w:r>'))
    refs._p.append(parse_xml(f'<w:r xmlns:w="{W_NS}"><w:endnoteReference w:id="1"/></w:r>'))
    document.add_paragraph(BODY)
    tmp = str(path) + ".tmp"
    document.save(tmp)
    _add_notes(tmp, path)
    import os

    os.remove(tmp)
    return str(path)


def _add_notes(source, path) -> None:
    """Copy a DOCX adding footnotes.xml and endnotes.xml with their relationships and content types."""
    rel = '<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{k}" Target="{k}.xml"/>'
    ctype = '<Override PartName="/word/{k}.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.{k}+xml"/>'
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/_rels/document.xml.rels":
                extra = rel.format(n=901, k="footnotes") + rel.format(n=902, k="endnotes")
                data = data.replace(b"</Relationships>", extra.encode() + b"</Relationships>")
            elif info.filename == "[Content_Types].xml":
                extra = ctype.format(k="footnotes") + ctype.format(k="endnotes")
                data = data.replace(b"</Types>", extra.encode() + b"</Types>")
            dst.writestr(info.filename, data)
        dst.writestr("word/footnotes.xml", _notes_xml("footnote", FOOTNOTE))
        dst.writestr("word/endnotes.xml", _notes_xml("endnote", ENDNOTE))


def xlsx_file(path, sheets=None) -> str:
    """A real XLSX (openpyxl) with two sheets of Vietnamese labels, numbers and a date."""
    import datetime

    import openpyxl

    sheets = sheets or {
        "Tổng hợp": [("Đơn vị", "Số đảng viên", "Tỷ lệ"), ("Chi bộ Tổng hợp", 25, 0.96), ("Chi bộ Tài chính", 18, 1)],
        "Ghi chú": [("Ngày báo cáo", datetime.date(2026, 11, 30)), (None, None), ("Người lập", "Nguyễn Văn An")],
    }
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    workbook.save(str(path))
    return str(path)


def soffice_convert(sources, target: str, out_dir) -> list[str]:
    """Convert files with LibreOffice headless (e.g. "doc", "rtf", "odt", "xls", "ods"); the output paths."""
    import os
    import subprocess
    import tempfile

    from portal.extraction.convert import converter_status

    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [converter_status().path, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
             "--convert-to", target, "--outdir", str(out_dir), *map(str, sources)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
    ext = target.split(":")[0]
    outputs = [os.path.join(out_dir, os.path.splitext(os.path.basename(s))[0] + "." + ext) for s in sources]
    assert all(os.path.exists(o) for o in outputs), outputs
    return outputs


def cfb_file(path, streams: dict[str, bytes], small: dict[str, bytes] | None = None) -> str:
    """A minimal OLE2 compound file (512-byte sectors): `streams` as regular streams (padded to 4096 bytes),
    `small` ones (< 4096 bytes) in the root's mini stream, as Word keeps its summary information."""
    end, free, fat_sect = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    small = small or {}
    data_sectors, fat, entries = [], [fat_sect, end], []
    next_sector = 2

    def add_regular(payload: bytes) -> int:
        nonlocal next_sector
        count = -(-len(payload) // 512)
        start = next_sector
        fat.extend([start + i + 1 for i in range(count - 1)] + [end])
        data_sectors.append(payload.ljust(count * 512, b"\0"))
        next_sector += count
        return start

    for name, payload in streams.items():
        payload = payload.ljust(4096, b"\0")
        entries.append((name, 2, add_regular(payload), len(payload)))
    root_start, root_size, minifat_start = end, 0, end
    if small:
        container, minifat = b"", []
        for name, payload in small.items():
            first, count = len(container) // 64, -(-len(payload) // 64)
            minifat += [first + i + 1 for i in range(count - 1)] + [end]
            container += payload.ljust(count * 64, b"\0")
            entries.append((name, 2, first, len(payload)))
        root_start, root_size = add_regular(container), len(container)
        minifat_start = add_regular(struct.pack(f"<{len(minifat)}I", *minifat).ljust(512, b"\xff"))
    fat += [free] * (128 - len(fat))

    def entry(name, kind, start, size, child=0xFFFFFFFF, right=0xFFFFFFFF):
        raw = name.encode("utf-16-le") + b"\0\0"
        return (
            raw.ljust(64, b"\0") + struct.pack("<HBB3I", len(raw), kind, 1, 0xFFFFFFFF, right, child)
            + b"\0" * 36 + struct.pack("<IQ", start, size)
        )  # fmt: skip

    directory = entry("Root Entry", 5, root_start, root_size, child=1 if entries else 0xFFFFFFFF)
    for i, (name, kind, start, size) in enumerate(entries):
        directory += entry(name, kind, start, size, right=i + 2 if i + 1 < len(entries) else 0xFFFFFFFF)
    directory = directory.ljust(512 * -(-len(directory) // 512), b"\0")
    assert len(directory) == 512, "keep test files to four directory entries"
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 0x2C, 1, 1, 0, 4096, minifat_start, 1 if small else 0, end, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([free] * 108))
    body = bytes(header) + struct.pack("<128I", *fat) + directory + b"".join(data_sectors)
    with open(path, "wb") as handle:
        handle.write(body)
    return str(path)


def summary_information(pages: int, words: int) -> bytes:
    """A SummaryInformation property set with PIDSI_PAGECOUNT (14) and PIDSI_WORDCOUNT (15) as VT_I4."""
    section = struct.pack("<IIIIII", 40, 2, 14, 24, 15, 32) + struct.pack("<HHi", 3, 0, pages)
    section += struct.pack("<HHi", 3, 0, words)
    fmtid = bytes.fromhex("e0859ff2f94f6810ab9108002b27b3d9")
    return (
        struct.pack("<HHI", 0xFFFE, 0, 0x20006)
        + b"\0" * 16
        + struct.pack("<I", 1)
        + fmtid
        + struct.pack("<I", 48)
        + section
    )


def word_fib(encrypted: bool = False) -> bytes:
    """The start of a Word 97 WordDocument stream: wIdent 0xA5EC and the flags word (fEncrypted = 0x0100)."""
    return struct.pack("<HHHHHH", 0xA5EC, 0xC1, 0, 0, 0, 0x0100 if encrypted else 0)


def set_doc_encrypted_flag(path, out) -> str:
    """Copy a real .doc with the FIB's fEncrypted flag set (what Word writes for a password-protected file)."""
    from portal.extraction.ole import _Reader

    data = bytearray(open(path, "rb").read())
    with open(path, "rb") as handle:
        reader = _Reader(handle)
        start = {name: s for name, _k, s, _size in reader.directory()}["WordDocument"]
        offset = (start + 1) * reader.size
    flags = struct.unpack_from("<H", data, offset + 10)[0] | 0x0100
    struct.pack_into("<H", data, offset + 10, flags)
    open(out, "wb").write(bytes(data))
    return str(out)


def encrypted_odt(path) -> str:
    """An ODF text document whose manifest lists encryption data (as LibreOffice writes with a password)."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/>'
            "</manifest:file-entry></manifest:manifest>",
        )
        archive.writestr("content.xml", b"\x00encrypted\x01")
    return str(path)


def tiff_pages(path, pages=2) -> str:
    """A multi-page greyscale TIFF scan, each page with a distinct line."""
    images = [scan_image((QUOC_HIEU, f"Trang số {n} của bản quét", "Đảng bộ tỉnh")) for n in range(1, pages + 1)]
    images[0].save(str(path), save_all=True, append_images=images[1:], compression="tiff_deflate")
    return str(path)


def rotated_scan_pdf(path, tmp_dir) -> str:
    """An image-only PDF page whose scan lies on its side (rotated 90°), as sheet feeders produce."""
    png = tmp_dir / "rotated.png"
    scan_image().rotate(90, expand=True).save(png)
    pdf = _pdf()
    pdf.add_page(orientation="L")
    pdf.image(str(png), x=0, y=0, h=210)
    pdf.output(str(path))
    return str(path)


def stamped_scan_pdf(path, tmp_dir, stamp="Người ký: Văn phòng Chính phủ") -> str:
    """A scanned page with a short real text layer from a signature stamp (covers little of the page)."""
    png = tmp_dir / "stamped.png"
    scan_image().save(png)
    pdf = _pdf()
    pdf.add_page()
    pdf.image(str(png), x=0, y=0, w=210)
    pdf.set_xy(120, 270)
    pdf.set_font_size(7)
    pdf.cell(0, 5, stamp)
    pdf.output(str(path))
    return str(path)


def mixed_pdf(path, tmp_dir) -> str:
    """Page 1 with a text layer, page 2 a scan without one."""
    png = tmp_dir / "mixed.png"
    scan_image().save(png)
    pdf = _pdf()
    pdf.add_page()
    pdf.multi_cell(0, 8, "Trang một có chữ: Đảng ủy " + BODY)
    pdf.add_page()
    pdf.image(str(png), x=0, y=0, w=210)
    pdf.output(str(path))
    return str(path)
