"""Every Vietnamese message of the extraction package, and the error that carries one."""

ACCEPTED = "Chỉ nhận tệp PDF, DOCX, Markdown (.md) hoặc văn bản thuần (.txt)."

MESSAGES = {
    "encrypted": "Tệp PDF được mã hóa (có mật khẩu), hệ thống không đọc được nội dung. "
    "Vui lòng gỡ mật khẩu rồi tải lên lại.",
    "corrupt": "Tệp bị hỏng hoặc không đúng định dạng nên không đọc được nội dung. "
    "Vui lòng kiểm tra lại tệp (mở thử trên máy) rồi tải lên lại.",
    "corrupt_pdf": "Tệp PDF bị hỏng hoặc chưa tải lên hết nên không đọc được nội dung. "
    "Vui lòng xuất lại tệp PDF rồi tải lên lại.",
    "corrupt_docx": "Tệp DOCX bị hỏng nên không đọc được nội dung. Vui lòng mở tệp bằng Word, lưu lại rồi tải lên lại.",
    "unsafe_zip": "Tệp DOCX có cấu trúc bất thường (đường dẫn tệp con không hợp lệ) nên bị từ chối vì lý do an toàn.",
    "empty": "Tệp không có nội dung văn bản nào.",
    "empty_scan_no_ocr": "Tệp PDF là bản quét (chỉ có hình ảnh, không có lớp văn bản) và máy chủ chưa cài phần mềm "
    "nhận dạng chữ (OCR) nên chưa đọc được nội dung. Vui lòng tải lên bản PDF có lớp văn bản "
    "hoặc đề nghị quản trị viên cài Tesseract.",
    "empty_scan_ocr_off": "Tệp PDF là bản quét (chỉ có hình ảnh, không có lớp văn bản) và chức năng nhận dạng chữ "
    "(OCR) đang tắt nên chưa đọc được nội dung.",
    "empty_scan_ocr_failed": "Tệp PDF là bản quét và phần mềm nhận dạng chữ (OCR) không nhận ra được chữ nào. "
    "Vui lòng quét lại rõ hơn (ít nhất 300 dpi) rồi tải lên lại.",
    "too_large": "Tệp quá lớn hoặc chứa dữ liệu nén quá lớn nên hệ thống không xử lý. "
    "Vui lòng chia nhỏ tệp rồi tải lên lại.",
    "too_many_pages": "Tệp PDF có quá nhiều trang ({pages} trang; tối đa {max_pages} trang). "
    "Vui lòng chia nhỏ tệp rồi tải lên lại.",
    "unsupported": "Định dạng tệp không được hỗ trợ. " + ACCEPTED,
    "unsupported_zip": "Tệp nén này không phải tài liệu Word (.docx). " + ACCEPTED,
    "timeout": "Xử lý tệp quá thời gian cho phép nên đã dừng. Tệp có thể quá phức tạp hoặc bị hỏng.",
    "memory": "Xử lý tệp cần quá nhiều bộ nhớ nên đã dừng. Tệp có thể quá lớn hoặc bị hỏng.",
    "zip_bomb": 'Tệp DOCX có dữ liệu nén bất thường (có thể là "bom nén") nên bị từ chối vì lý do an toàn.',
    "ocr_unavailable": "Máy chủ chưa cài phần mềm nhận dạng chữ (OCR) Tesseract với tiếng Việt.",
    "internal": "Lỗi hệ thống khi đọc tệp. Vui lòng thử lại sau hoặc báo quản trị viên.",
}

WARNINGS = {
    "page_no_text_no_ocr": "Trang {page} không có lớp văn bản; chưa cài Tesseract nên chưa nhận dạng được (OCR).",
    "page_no_text_ocr_off": "Trang {page} không có lớp văn bản; chức năng nhận dạng chữ (OCR) đang tắt.",
    "page_ocr_failed": "Trang {page} không có lớp văn bản và nhận dạng chữ (OCR) không thành công.",
    "page_garbage_layer": "Trang {page} có lớp văn bản hỏng (gần như không có dấu tiếng Việt); "
    "đã giữ nguyên vì không nhận dạng lại được.",
    "page_error": "Trang {page} bị lỗi nên bỏ qua nội dung trang này.",
    "markdown_fallback": "Tệp Markdown quá dài hoặc quá phức tạp để định dạng; nội dung được hiển thị dạng văn bản thuần.",
    "docx_header_footer": "Không đọc được đầu trang/chân trang của tài liệu.",
}


class ExtractionError(Exception):
    """An upload that cannot be turned into text: a machine code plus a Vietnamese message."""

    def __init__(self, code: str, message: str | None = None, **fmt):
        self.code = code
        self.message = message or MESSAGES.get(code, MESSAGES["internal"]).format(**fmt)
        super().__init__(self.message)

    def __reduce__(self):
        """Keep code and message when pickled across the process boundary."""
        return (ExtractionError, (self.code, self.message))


def fail(code: str, key: str | None = None, **fmt) -> ExtractionError:
    """Build the error for `code`, with the message `key` (default: the code's own message)."""
    return ExtractionError(code, MESSAGES[key or code].format(**fmt))


def warning(key: str, **fmt) -> str:
    """One Vietnamese warning line."""
    return WARNINGS[key].format(**fmt)
