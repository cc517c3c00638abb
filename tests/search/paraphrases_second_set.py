"""A second set of branch-report paraphrases for plan-task suggestion, written BEFORE the synonym list existed.

Each sentence says what a task of the 2026-2030 administrative-reform plan asks for, in the words a branch secretary
or a clerk uses rather than the plan's own wording (everyday terms, short forms, names of systems). It measures the
synonym list on text it was not written from: do not edit these sentences to match the list.
"""

SECOND_SET = [
    ("Người dân quét mã căn cước trên ứng dụng VNeID là xác thực xong, không phải khai lại giấy tờ.", "II.6.9"),
    ("Tổ chức tập huấn cho anh chị em cách dùng chữ ký số, phần mềm văn phòng điện tử và các app mới.", "II.4.4"),
    ("Ở quầy một cửa, cán bộ trả hồ sơ đúng hẹn, không để dân phải đi lại nhiều lần.", "II.2.4"),
    ("Thanh lý bớt xe công và máy móc cũ không dùng đến sau khi nhập các phòng.", "II.5.4"),
    ("Làm sạch dữ liệu, chuẩn hóa danh mục dùng chung để các phòng khai thác chung một nguồn số liệu.", "II.6.6"),
    ("Đã nộp thuế, làm giấy phép, đăng ký hộ kinh doanh qua mạng mà không phải đến trụ sở.", "II.2.T2"),
    ("Cắt bớt giấy tờ trong bộ hồ sơ, dân không phải nộp lại bản sao những gì nhà nước đã có.", "II.2.1"),
    ("Phòng cài đặt trợ lý ảo AI để hỏi đáp văn bản, tra cứu quy định ngay trong phần mềm điều hành.", "II.6.3"),
    ("Chấm điểm cán bộ hằng tháng theo số việc hoàn thành, ai làm nhiều hưởng nhiều.", "II.3.3"),
    ("Scan toàn bộ hồ sơ lưu trữ vĩnh viễn để tra cứu trên máy, bỏ dần kho giấy.", "II.2.T4"),
    ("Gộp các phòng có việc trùng nhau, bớt đầu mối, mỗi việc chỉ một nơi chịu trách nhiệm.", "II.3.2"),
    ("Khảo sát sự hài lòng của người dân và lấy kết quả đó để xếp loại cán bộ cuối năm.", "II.4.2"),
    ("Đơn vị tự cân đối thu chi, tự lo tiền lương, không trông vào ngân sách cấp.", "II.5.T1"),
    ("Rà lại các quyết định, quy định do tỉnh ban hành, cái nào lỗi thời thì đề nghị bỏ.", "II.1.1"),
    ("Lắp tường lửa, diệt virus, phân quyền tài khoản, không để lộ lọt dữ liệu của cơ quan.", "II.6.10"),
    ("Cán bộ nào gây khó dễ, vòi vĩnh người đến làm thủ tục thì xử lý kỷ luật ngay.", "II.4.5"),
]
