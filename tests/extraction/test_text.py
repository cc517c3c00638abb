"""Plain text and Markdown: encodings, legacy fonts, emptiness, sanitised HTML."""

import time

import _make_files as make
import pytest

from portal.extraction import ExtractionError, extract_file, render_markdown

SENTENCE = "Đảng ủy xã Hòa Bình họp thường kỳ tháng 11 về công tác kiểm tra, giám sát."


def _write(tmp_path, name, data: bytes) -> str:
    """Write bytes to tmp_path/name and return the path."""
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1258"])
def test_encodings(tmp_path, codec):
    data = make.cp1258_bytes(SENTENCE) if codec == "cp1258" else SENTENCE.encode(codec)
    result = extract_file(_write(tmp_path, "a.txt", data))
    assert result.kind == "text" and result.text == SENTENCE and result.legacy_encoding is None
    assert result.encoding


def test_invalid_utf8_falls_back_to_cp1258(tmp_path):
    data = SENTENCE.encode("utf-8") + b"\n" + make.cp1258_bytes("Thủ tục hành chính")
    result = extract_file(_write(tmp_path, "mixed.txt", data))
    assert result.encoding == "cp1258" and result.text.strip()


def test_tcvn3_is_converted(tmp_path):
    result = extract_file(_write(tmp_path, "cu.txt", make.TCVN3_TEXT))
    assert result.legacy_encoding == "TCVN3"
    assert result.text.split("\n") == ["Cộng hòa xã hội chủ nghĩa Việt Nam", "Độc lập - Tự do - Hạnh phúc"]


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", "\ufeff  \n".encode("utf-8")])
def test_empty_text(tmp_path, data):
    with pytest.raises(ExtractionError) as info:
        extract_file(_write(tmp_path, "rong.txt", data))
    assert info.value.code == "empty" and info.value.message == "Tệp không có nội dung văn bản nào."


def test_exe_named_txt_is_unsupported(tmp_path):
    with pytest.raises(ExtractionError) as info:
        extract_file(_write(tmp_path, "vanban.txt", make.EXE_BYTES))
    assert info.value.code == "unsupported" and "văn bản thuần (.txt)" in info.value.message


def test_markdown_html_and_plain_text(tmp_path):
    source = (
        "# Kế hoạch số 12-KH/ĐU\n\n- **Đảng ủy** [xem](https://dangbo.vn/a) [xấu](javascript:alert(1))\n"
        "- <script>alert(1)</script><img src=x onerror=alert(1)> ![a](data:image/png;base64,AAA)\n\n"
        "| Số | Nội dung |\n|---|---|\n| 1 | Chỉ thị |\n"
    )
    result = extract_file(_write(tmp_path, "kh.md", source.encode()))
    assert result.kind == "markdown" and result.mime == "text/markdown"
    html = result.html
    assert "<h1>Kế hoạch số 12-KH/ĐU</h1>" in html and "<table>" in html and "<strong>Đảng ủy</strong>" in html
    assert 'href="https://dangbo.vn/a"' in html and 'rel="noopener noreferrer"' in html
    for bad in ("<script", "onerror", "javascript:", "data:"):
        assert bad not in html
    # The text keeps the source, so list markers and numbering (structure the plan parser reads) survive.
    assert result.text.startswith("# Kế hoạch số 12-KH/ĐU") and "\n- **Đảng ủy**" in result.text


def test_txt_with_lists_stays_plain_text_with_its_numbering(tmp_path):
    source = "II. NHIỆM VỤ\n\n1. Lãnh đạo cải cách thể chế\n\n- Rà soát văn bản;\n- Kiểm tra;\n- Giám sát.\n"
    result = extract_file(_write(tmp_path, "ke-hoach.txt", source.encode()))
    assert result.kind == "text" and result.html is None
    assert "1. Lãnh đạo cải cách thể chế" in result.text and "\n- Rà soát văn bản;" in result.text


def test_render_markdown_relative_and_mailto_links():
    html = render_markdown("[a](/tai-lieu/1) [b](mailto:vp@dangbo.vn) [c](vbscript:x)")
    assert 'href="/tai-lieu/1"' in html and 'href="mailto:vp@dangbo.vn"' in html and "vbscript" not in html


def test_pathological_markdown_falls_back_in_time():
    source = "`" * 16000 + "a" + "`" * 16000
    nested = "".join("`" * i + "x" for i in range(1, 250))
    for text in (source, nested):
        start = time.monotonic()
        html = render_markdown(text, timeout=2)
        assert time.monotonic() - start < 6
        assert html.startswith("<pre") or "<p>" in html


def test_too_long_markdown_is_escaped_pre():
    html = render_markdown("<b>x</b>" * 10, max_chars=20)
    assert html.startswith('<pre class="markdown-source">') and "&lt;b&gt;" in html
