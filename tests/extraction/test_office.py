"""Word 97-2003, RTF, ODF and Excel 97-2003 through LibreOffice (files the converter made from our own DOCX/XLSX),
password-protected Office files, and a server without LibreOffice (the file is kept, unread, with the reason)."""

import threading

import _make_files as make
import pytest

from portal.extraction import ExtractionError, extract_file


@pytest.mark.parametrize("kind", ["doc", "rtf", "odt"])
def test_word_processor_files_are_read_like_docx(office_files, kind):
    result = extract_file(office_files[kind], timeout=120)
    assert result.kind == kind and result.status == "ok"
    text = result.text
    # (the fixture's minimal text box has no anchor, so LibreOffice drops it when it writes the file)
    for part in (make.HEADER, make.QUOC_HIEU, make.BODY, make.FOOTNOTE, make.FOOTER, "Chi bộ Tổng hợp | 25"):
        assert part in text, (kind, part)
    assert result.quality.valid_syllable_share > 0.8 and not result.quality.poor


@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_old_and_odf_spreadsheets_are_read_like_xlsx(office_files, kind):
    result = extract_file(office_files[kind], timeout=120)
    assert result.kind == kind and result.page_count == 2
    first, second = result.pages[0].text.split("\n"), result.pages[1].text
    assert first[0] == "Tổng hợp" and "Chi bộ Tổng hợp | 25 | 0.96" in first
    assert second.startswith("Ghi chú") and "30/11/2026" in second and "Nguyễn Văn An" in second


def test_parallel_conversions_do_not_collide(office_files):
    results, errors = {}, []

    def convert(kind):
        try:
            results[kind] = extract_file(office_files[kind], timeout=180).text
        except ExtractionError as exc:  # pragma: no cover - shown by the assertion
            errors.append((kind, exc.message))

    threads = [threading.Thread(target=convert, args=(kind,)) for kind in ("doc", "odt", "xls")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and make.QUOC_HIEU in results["doc"] and "Chi bộ Tài chính" in results["xls"]


def test_encrypted_doc_gets_its_own_message(office_files, tmp_path):
    path = make.set_doc_encrypted_flag(office_files["doc"], tmp_path / "mat_khau.doc")
    with pytest.raises(ExtractionError) as info:
        extract_file(path)
    assert info.value.code == "encrypted" and "mật khẩu" in info.value.message and "PDF" not in info.value.message


def test_encrypted_ooxml_and_odf_get_the_same_message(tmp_path):
    ooxml = make.cfb_file(tmp_path / "mat_khau.xlsx", {"EncryptionInfo": b"x", "EncryptedPackage": b"y"})
    for path in (ooxml, make.encrypted_odt(tmp_path / "mat_khau.odt")):
        with pytest.raises(ExtractionError) as info:
            extract_file(path)
        assert info.value.code == "encrypted" and "bảo vệ bằng mật khẩu" in info.value.message


def test_broken_doc_is_corrupt_not_a_crash(tmp_path, libreoffice):
    path = make.cfb_file(tmp_path / "hong.doc", {"WordDocument": make.word_fib() + b"\xff" * 600})
    with pytest.raises(ExtractionError) as info:
        extract_file(path, timeout=60)
    assert info.value.code in ("corrupt", "empty") and info.value.message


def test_without_libreoffice_the_file_is_kept_unread(tmp_path, monkeypatch):
    from portal.extraction import convert

    monkeypatch.setattr(convert, "converter_status", lambda: convert.ConverterStatus(False, None, "LibreOffice"))
    monkeypatch.setattr("portal.extraction.worker.converter_status", convert.converter_status)
    path = make.cfb_file(tmp_path / "cong_van.doc", {"WordDocument": make.word_fib()})
    result = extract_file(path, sandbox=False)
    assert result.kind == "doc" and result.status == "unread" and result.unread_code == "converter_missing"
    assert "LibreOffice" in result.unread_reason and "Word 97-2003 (.doc)" in result.unread_reason
    assert "flask documents reextract" in result.unread_reason and result.warnings == [result.unread_reason]
    assert result.quality.poor and result.quality.reason == result.unread_reason


def test_memory_limit_is_raised_for_the_converter():
    from portal.extraction.api import _memory_for
    from portal.extraction.convert import CONVERT_MEMORY_MB

    assert _memory_for("doc", 1024) == CONVERT_MEMORY_MB > 1024 and _memory_for("pdf", 1024) == 1024


def test_saved_page_counts(tmp_path):
    from portal.extraction.ole import summary_counts
    from portal.extraction.stats import saved_page_count

    summary = make.summary_information(pages=6, words=2849)
    small = make.cfb_file(tmp_path / "a.doc", {"WordDocument": make.word_fib()}, {"\x05SummaryInformation": summary})
    regular = make.cfb_file(tmp_path / "b.doc", {"WordDocument": make.word_fib(), "\x05SummaryInformation": summary})
    assert summary_counts(small) == (6, 2849) and summary_counts(regular) == (6, 2849)
    assert saved_page_count(small, "doc") == 6
    assert saved_page_count(make.cfb_file(tmp_path / "c.doc", {"WordDocument": make.word_fib()}), "doc") is None
    assert saved_page_count(make.docx_file(tmp_path / "d.docx"), "docx") is None  # its template's stale "1"


def test_doc_page_count_reaches_the_result(tmp_path, monkeypatch):
    from portal.extraction import convert

    monkeypatch.setattr(convert, "converter_status", lambda: convert.ConverterStatus(False, None, "LibreOffice"))
    monkeypatch.setattr("portal.extraction.worker.converter_status", convert.converter_status)
    summary = make.summary_information(pages=79, words=27960)
    path = make.cfb_file(tmp_path / "luat.doc", {"WordDocument": make.word_fib()}, {"\x05SummaryInformation": summary})
    assert extract_file(path, sandbox=False).status == "unread"  # unread: no count claimed for text not read


def test_a_hanging_converter_is_killed_with_its_children(tmp_path):
    import os
    import subprocess
    import time

    from portal.extraction.convert import _run

    marker = tmp_path / "pids"
    script = f"sleep 60 & echo $! > {marker}; sleep 60"
    start = time.monotonic()
    with pytest.raises(ExtractionError) as info:
        _run(["sh", "-c", script], timeout=1, env=dict(os.environ))
    assert info.value.code == "timeout" and time.monotonic() - start < 10
    child = int(marker.read_text())
    time.sleep(0.2)
    state = subprocess.run(["ps", "-o", "stat=", "-p", str(child)], capture_output=True, text=True).stdout.strip()
    assert state in ("", "Z"), state  # the grandchild (soffice.bin's place) died with the group
