"""Content sniffing: the bytes decide, never the extension alone."""

import _make_files as make

from portal.extraction import sniff_type


def test_pdf_and_docx_by_content(samples):
    assert sniff_type((samples / "vn.pdf").read_bytes()[:65536], "x.txt") == "pdf"
    assert sniff_type((samples / "vn.docx").read_bytes()[:65536], "x.pdf") == "docx"


def test_other_zips_are_unsupported(tmp_path):
    xlsx = make.plain_zip(tmp_path / "a.docx")
    odt = make.plain_zip(tmp_path / "b.docx", names=("mimetype", "content.xml", "META-INF/manifest.xml"))
    plain = make.plain_zip(tmp_path / "c.docx", names=("a.txt",))
    for path in (xlsx, odt, plain):
        assert sniff_type(open(path, "rb").read(), "tai_lieu.docx") == "unsupported"


def test_binaries_are_unsupported_whatever_the_name():
    assert sniff_type(make.png_bytes(), "anh.pdf") == "unsupported"
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
