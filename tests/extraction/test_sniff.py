"""Content sniffing: the bytes decide, never the extension alone."""

import _make_files as make

from portal.extraction import sniff_type
from portal.extraction.sniff import sniff_path


def test_pdf_and_docx_by_content(samples):
    assert sniff_type((samples / "vn.pdf").read_bytes()[:65536], "x.txt") == "pdf"
    assert sniff_type((samples / "vn.docx").read_bytes()[:65536], "x.pdf") == "docx"


def test_other_zips_are_unsupported(tmp_path):
    odf_unknown = make.plain_zip(tmp_path / "b.docx", names=("mimetype", "content.xml", "META-INF/manifest.xml"))
    plain = make.plain_zip(tmp_path / "c.docx", names=("a.txt",))
    for path in (odf_unknown, plain):
        assert sniff_type(open(path, "rb").read(), "tai_lieu.docx") == "unsupported"
        assert sniff_path(path, open(path, "rb").read(), "tai_lieu.docx") == "unsupported"


def test_office_kinds_by_content(tmp_path):
    xlsx = make.xlsx_file(tmp_path / "bang.docx")
    assert sniff_path(xlsx, open(xlsx, "rb").read(65536), "bang.docx") == "xlsx"
    doc = make.cfb_file(tmp_path / "a.pdf", {"WordDocument": make.word_fib()})
    xls = make.cfb_file(tmp_path / "b.doc", {"Workbook": b"\x09\x08\x10\x00" + b"\0" * 16})
    enc = make.cfb_file(tmp_path / "c.docx", {"EncryptionInfo": b"x", "EncryptedPackage": b"y"})
    ppt = make.cfb_file(tmp_path / "d.doc", {"PowerPoint Document": b"x"})
    for path, kind in ((doc, "doc"), (xls, "xls"), (enc, "encrypted"), (ppt, "unsupported")):
        head = open(path, "rb").read(65536)
        assert sniff_type(head) == "ole" and sniff_path(path, head) == kind, path
    assert sniff_type(b"{\\rtf1\\ansi \\u272?ng}") == "rtf"
    odt = make.encrypted_odt(tmp_path / "mat_khau.odt")
    assert sniff_type(open(odt, "rb").read()) == "odt" and sniff_path(odt, open(odt, "rb").read()) == "encrypted"


def test_images_and_junk_before_pdf_header():
    assert sniff_type(make.png_bytes(), "anh.pdf") == "png"
    assert sniff_type(b"\xff\xd8\xff\xe0" + b"\0" * 100) == "jpeg"
    assert sniff_type(b"II*\x00" + b"\0" * 100) == "tiff" and sniff_type(b"MM\x00*" + b"\0" * 100) == "tiff"
    assert sniff_type(b"\r\n<html>junk</html>\n" * 20 + b"%PDF-1.7\n") == "pdf"
    assert sniff_type(b"x" * 1030 + b"%PDF-1.7\n") != "pdf"


def test_binaries_are_unsupported_whatever_the_name():
    assert sniff_type(make.EXE_BYTES, "vanban.txt") == "unsupported"
    assert sniff_type(bytes(range(256)) * 40, "ghi_chu.md") == "unsupported"


def test_text_and_markdown():
    assert sniff_type("Đảng ủy xã họp thường kỳ.\n".encode(), "a.txt") == "text"
    assert sniff_type("Đảng ủy xã họp thường kỳ.\n".encode(), "a.md") == "markdown"
    assert sniff_type("# Kế hoạch\n\nNội dung\n".encode(), "") == "markdown"
    assert sniff_type("Xem [văn bản](https://a.vn)\n".encode(), "") == "markdown"
    assert sniff_type("- một\n- hai\n- ba\n".encode(), "") == "markdown"


def test_utf16_and_legacy_text_are_text():
    assert sniff_type("Đảng ủy xã".encode("utf-16"), "a.txt") == "text"
    assert sniff_type("Đảng ủy xã".encode("utf-16-le"), "a.txt") == "text"
    assert sniff_type(make.cp1258_bytes("Đảng ủy xã họp"), "a.txt") == "text"
    assert sniff_type(make.TCVN3_TEXT, "a.txt") == "text"
