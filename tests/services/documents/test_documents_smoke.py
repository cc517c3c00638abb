"""First checks of the upload service on real files."""

import _doc_files as files


def test_upload_text_reads_header_and_citations(upload):
    result = upload(files.CHI_THI, "Chỉ thị 21.txt")
    doc = result.document
    assert result.status == "imported"
    assert doc.number == "21-CT/TU" and doc.doc_type == "chi_thi"
    assert doc.issued_on.isoformat() == "2026-04-04"
