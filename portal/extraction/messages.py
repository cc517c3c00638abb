"""Every Vietnamese message of the extraction package, and the error that carries one."""

ACCEPTED = (
    "Chỉ nhận tệp PDF, Word (.docx, .doc), .rtf, .odt, bảng tính (.xlsx, .xls, .ods), ảnh chụp/quét (JPEG, PNG, TIFF), "
    "Markdown (.md) hoặc văn bản thuần (.txt)."
)
REEXTRACT = "Tệp vẫn được lưu; sau khi quản trị viên cài đặt, chạy lệnh «flask documents reextract» để đọc lại."

MESSAGES = {
    "encrypted": "Tệp PDF được mã hóa (có mật khẩu), hệ thống không đọc được nội dung. "
    "Vui lòng gỡ mật khẩu rồi tải lên lại.",
    "encrypted_office": "Tệp được bảo vệ bằng mật khẩu (mã hóa) nên hệ thống không đọc được nội dung. "
    "Vui lòng mở tệp, gỡ mật khẩu (lưu lại không đặt mật khẩu) rồi tải lên lại.",
    "corrupt_office": "Tệp văn bản/bảng tính bị hỏng nên LibreOffice không chuyển đổi được. "
    "Vui lòng mở tệp trên máy, lưu lại (nên lưu dạng .docx hoặc .xlsx) rồi tải lên lại.",
    "corrupt_xlsx": "Tệp bảng tính (.xlsx) bị hỏng nên không đọc được nội dung. "
    "Vui lòng mở tệp bằng Excel, lưu lại rồi tải lên lại.",
    "corrupt_image": "Tệp ảnh bị hỏng hoặc không đúng định dạng nên không đọc được. Vui lòng chụp/quét lại rồi tải lên.",
    "image_too_large": "Ảnh quá lớn ({width} × {height} điểm ảnh; tối đa {max_pixels} triệu điểm ảnh). "
    "Vui lòng quét ở 300 dpi hoặc thu nhỏ ảnh rồi tải lên lại.",
    "too_many_cells": "Bảng tính quá lớn (hơn {max_cells} ô có dữ liệu). Vui lòng chia nhỏ tệp rồi tải lên lại.",
    "corrupt": "Tệp bị hỏng hoặc không đúng định dạng nên không đọc được nội dung. "
    "Vui lòng kiểm tra lại tệp (mở thử trên máy) rồi tải lên lại.",
    "corrupt_pdf": "Tệp PDF bị hỏng hoặc chưa tải lên hết nên không đọc được nội dung. "
    "Vui lòng xuất lại tệp PDF rồi tải lên lại.",
    "corrupt_docx": "Tệp DOCX bị hỏng nên không đọc được nội dung. Vui lòng mở tệp bằng Word, lưu lại rồi tải lên lại.",
    "unsafe_zip": "Tệp DOCX có cấu trúc bất thường (đường dẫn tệp con không hợp lệ) nên bị từ chối vì lý do an toàn.",
    "empty": "Tệp không có nội dung văn bản nào.",
    "empty_scan_ocr_failed": "Bản quét không đọc được: phần mềm nhận dạng chữ (OCR) đã chạy nhưng không nhận ra "
    "được chữ nào. Vui lòng quét lại rõ hơn (ít nhất 300 dpi) rồi tải lên lại.",
    "too_large": "Tệp quá lớn hoặc chứa dữ liệu nén quá lớn nên hệ thống không xử lý. "
    "Vui lòng chia nhỏ tệp rồi tải lên lại.",
    "too_many_pages": "Tệp có quá nhiều trang ({pages} trang; tối đa {max_pages} trang). "
    "Vui lòng chia nhỏ tệp rồi tải lên lại.",
    "unsupported": "Định dạng tệp không được hỗ trợ. " + ACCEPTED,
    "unsupported_zip": "Tệp nén này không phải tài liệu Word (.docx), bảng tính (.xlsx) hay OpenDocument (.odt, .ods). "
    + ACCEPTED,
    "timeout": "Xử lý tệp quá thời gian cho phép nên đã dừng. Tệp có thể quá phức tạp hoặc bị hỏng.",
    "memory": "Xử lý tệp cần quá nhiều bộ nhớ nên đã dừng. Tệp có thể quá lớn hoặc bị hỏng.",
    "zip_bomb": 'Tệp DOCX có dữ liệu nén bất thường (có thể là "bom nén") nên bị từ chối vì lý do an toàn.',
    "ocr_unavailable": "OCR không khả dụng trên máy chủ này (thiếu thành phần {missing}).",
    "internal": "Lỗi hệ thống khi đọc tệp. Vui lòng thử lại sau hoặc báo quản trị viên.",
}

# Why a stored file has no text yet ("unread"): not the file's fault, so never a rejection.
UNREAD = {
    "converter_missing": "Chưa đọc được nội dung: máy chủ chưa cài LibreOffice, phần mềm cần để đọc tệp {label}. "
    + REEXTRACT,
    "ocr_unavailable": "Chưa đọc được nội dung: OCR không khả dụng trên máy chủ này (thiếu thành phần {missing}). "
    + REEXTRACT,
    "ocr_off": "Chưa đọc được nội dung: tệp là bản quét/ảnh và chức năng nhận dạng chữ (OCR) đang tắt.",
}

WARNINGS = {
    "page_no_text_no_ocr": "Trang {page} không có lớp văn bản; OCR không khả dụng trên máy chủ này "
    "(thiếu thành phần {missing}) nên chưa nhận dạng được.",
    "page_ocr_pending": "Trang {page} là bản quét, đang chờ nhận dạng chữ (OCR).",
    "page_no_text_ocr_off": "Trang {page} không có lớp văn bản; chức năng nhận dạng chữ (OCR) đang tắt.",
    "page_ocr_failed": "Trang {page} không có lớp văn bản và nhận dạng chữ (OCR) không thành công.",
    "page_garbage_layer": "Trang {page} có lớp văn bản hỏng (gần như không có dấu tiếng Việt); "
    "đã giữ nguyên vì không nhận dạng lại được.",
    "page_error": "Trang {page} bị lỗi nên bỏ qua nội dung trang này.",
    "markdown_fallback": "Tệp Markdown quá dài hoặc quá phức tạp để định dạng; nội dung được hiển thị dạng văn bản thuần.",
    "sheet_cut": "Bảng tính quá lớn: chỉ đọc {sheets} trang tính đầu hoặc một phần dữ liệu.",
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


def unread_reason(code: str, **fmt) -> str:
    """The Vietnamese sentence for a file stored unread."""
    return UNREAD[code].format(**fmt)


def warning(key: str, **fmt) -> str:
    """One Vietnamese warning line."""
    return WARNINGS[key].format(**fmt)
