"""The synonym list shipped with the portal: the vocabulary of administrative reform, digital government and Party
office work (the 2026-2030 plan, Quyết định 06/QĐ-TTg, the branch reports). One entry a line, forms joined by "=".

The secretariat edits its own copy in the portal; these lines are the starting point and the fallback. Abbreviations
that ``portal.text.abbreviations`` already expands (CCHC, TTHC, CĐS, DVC, CSDL, ...) need no entry here. Avoid
one-syllable forms that are ordinary words: every form found in a query adds the other forms to it.
"""

DEFAULT_LINES = (
    "# Định danh, dịch vụ công",
    "VNeID = định danh điện tử = tài khoản định danh điện tử = căn cước điện tử",
    "định danh và xác thực điện tử = VNeID = Đề án 06",
    "một cửa = bộ phận tiếp nhận và trả kết quả = bộ phận một cửa = trung tâm phục vụ hành chính công",
    "dịch vụ công trực tuyến = DVC trực tuyến = DVCTT = nộp hồ sơ qua mạng = nộp hồ sơ trực tuyến",
    "trực tuyến = qua mạng = online = môi trường mạng",
    "cổng dịch vụ công = cổng DVC = cổng dịch vụ công quốc gia",
    "không phụ thuộc vào địa giới hành chính = phi địa giới = nộp hồ sơ ở bất kỳ đâu",
    "thành phần hồ sơ = giấy tờ",
    "mức độ hài lòng = sự hài lòng = chỉ số hài lòng = SIPAS",
    "nhũng nhiễu = gây phiền hà = hạch sách",
    "# Chính quyền số, dữ liệu, an toàn thông tin",
    "chính quyền số = chính quyền điện tử = chính phủ điện tử = chính phủ số",
    "số hóa = điện tử hóa = số hóa hồ sơ",
    "chữ ký số = ký số = chứng thư số",
    "văn phòng điện tử = phần mềm quản lý văn bản = quản lý văn bản và điều hành = hồ sơ công việc",
    "trợ lý ảo = AI = trí tuệ nhân tạo = chatbot",
    "an toàn thông tin = an ninh mạng = bảo mật",
    "mã độc = virus = phần mềm độc hại",
    "làm sạch dữ liệu = chuẩn hóa dữ liệu",
    "dữ liệu dân cư = cơ sở dữ liệu quốc gia về dân cư",
    "hạ tầng kỹ thuật = máy chủ = đường truyền = trang thiết bị",
    "# Tổ chức bộ máy, công chức",
    "tinh giản biên chế = giảm biên chế = cắt giảm biên chế",
    "sắp xếp tổ chức bộ máy = sáp nhập = hợp nhất = tinh gọn bộ máy",
    "KPI = chỉ số đánh giá hiệu suất = đánh giá hiệu suất công việc",
    "đào tạo = bồi dưỡng = tập huấn",
    "kỹ năng số = năng lực số = kỹ năng công nghệ thông tin",
    "vị trí việc làm = VTVL",
    "người đứng đầu = thủ trưởng = trưởng phòng",
    "phân cấp = ủy quyền = giao quyền",
    "kỷ luật = xử lý vi phạm",
    "# Tài chính công, tài sản công",
    "ô tô công = xe công = xe ô tô công = tài sản công",
    "tài sản công = tài sản nhà nước = trụ sở",
    "tự chủ tài chính = tự bảo đảm chi thường xuyên = tự chủ chi thường xuyên",
    "ngân sách nhà nước = ngân sách = kinh phí",
    "# Thể chế",
    "bãi bỏ = hủy bỏ = hết hiệu lực",
    "lấy ý kiến = góp ý = tham vấn",
)
