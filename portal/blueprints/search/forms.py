"""The search area's forms: one entry of the office's synonym list."""

from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ...forms import PortalForm


class SynonymForm(PortalForm):
    """Add or edit one entry: forms of the same thing joined by "="."""

    text = StringField(
        "Mục từ đồng nghĩa",
        validators=[
            DataRequired("Cần nhập một mục, ví dụ: VNeID = định danh điện tử."),
            Length(max=1000, message="Mục dài quá 1.000 ký tự."),
        ],
        description="Các cách gọi cùng một nội dung, ngăn cách bằng dấu “=”, ví dụ: VNeID = định danh điện tử. "
        "Tìm kiếm và gợi ý nhiệm vụ áp dụng ngay, không cần xây lại chỉ mục.",
    )
