"""Demo units and one account per role (and several members)."""

from portal.services import accounts
from portal.services.accounts import units

from . import DEMO_PASSWORD

UNITS = [
    ("DUVP", "Đảng ủy Văn phòng UBND tỉnh", "office", None),
    ("BTV", "Ban Thường vụ Đảng ủy Văn phòng", "standing", "DUVP"),
    ("UBKT", "Ủy ban Kiểm tra Đảng ủy Văn phòng", "committee", "DUVP"),
    ("BPGV", "Bộ phận giúp việc Đảng ủy", "secretariat", "DUVP"),
    ("CB-HCQT", "Chi bộ Hành chính - Quản trị", "branch", "DUVP"),
    ("CB-TH", "Chi bộ Tổng hợp (demo)", "branch", "DUVP"),
    ("CB-KSTT", "Chi bộ Kiểm soát thủ tục hành chính (demo)", "branch", "DUVP"),
    ("CB-THCB", "Chi bộ Trung tâm Tin học - Công báo (demo)", "branch", "DUVP"),
]

USERS = [
    ("admin", "Quản trị hệ thống", ["admin"], "DUVP", "Quản trị viên"),
    ("btv.tu", "Nguyễn Thanh Tú", ["member"], "BTV", "Phó Bí thư Đảng ủy"),
    ("giupviec.ha", "Trần Thu Hà", ["member", "secretariat"], "BPGV", "Chuyên viên bộ phận giúp việc"),
    ("ubkt.son", "Lê Văn Sơn", ["member", "inspector"], "UBKT", "Chủ nhiệm Ủy ban Kiểm tra"),
    ("bithu.hcqt", "Phạm Thị Lan", ["member", "branch_secretary"], "CB-HCQT", "Bí thư Chi bộ"),
    ("bithu.th", "Hoàng Văn Minh", ["member", "branch_secretary"], "CB-TH", "Bí thư Chi bộ"),
    ("bithu.kstt", "Vũ Thị Hồng", ["member", "branch_secretary"], "CB-KSTT", "Bí thư Chi bộ"),
    ("bithu.thcb", "Đỗ Quang Huy", ["member", "branch_secretary"], "CB-THCB", "Bí thư Chi bộ"),
    ("dangvien.an", "Nguyễn Văn An", ["member"], "CB-HCQT", "Chuyên viên"),
    ("dangvien.binh", "Lương Thị Bình", ["member"], "CB-HCQT", "Chuyên viên"),
    ("dangvien.cuong", "Trịnh Văn Cường", ["member"], "CB-TH", "Chuyên viên"),
    ("dangvien.dung", "Ma Thị Dung", ["member"], "CB-TH", "Chuyên viên"),
    ("dangvien.giang", "Sùng A Giàng", ["member"], "CB-KSTT", "Chuyên viên"),
    ("dangvien.hoa", "Lò Thị Hoa", ["member"], "CB-THCB", "Chuyên viên"),
]


def load(echo):
    """Add the demo units and accounts that are not there yet."""
    added = 0
    for code, name, kind, parent in UNITS:
        if units.unit_by_code(code) is None:
            units.create_unit(code, name, kind, parent)
            added += 1
    for username, full_name, roles, unit_code, position in USERS:
        if accounts.user_by_username(username) is None:
            accounts.create_user(
                username, DEMO_PASSWORD, roles, unit_code=unit_code, full_name=full_name, position=position
            )
            added += 1
    echo(f"Đơn vị và tài khoản mẫu: thêm {added}.")


def logins():
    """(username, roles) of the demo accounts, for printing."""
    return [(u[0], u[2], u[1]) for u in USERS]
