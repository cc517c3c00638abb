"""The material editor as a Flask-WTF form: Vietnamese messages, dd/mm/yyyy dates, units as a multi-select."""

from wtforms import HiddenField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ...forms import PortalForm, VnDateField, options


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class MaterialForm(PortalForm):
    """Write or revise a dissemination material."""

    title = StringField("Tiêu đề", validators=[DataRequired("Cần nhập tiêu đề tài liệu."), Length(max=300)])
    summary = TextAreaField("Tóm tắt", validators=[Optional(), Length(max=2000)])
    body_md = TextAreaField("Nội dung (Markdown, tối đa 200 KB)", validators=[Optional()])
    audience = RadioField(
        "Đối tượng",
        choices=options([("all", "Toàn thể cán bộ, đảng viên"), ("units", "Các đơn vị được chọn:")]),
        default="all",
    )
    unit_codes = MultiCheckboxField("Các đơn vị", choices=[], validators=[Optional()])
    publish_on = VnDateField("Ngày phát hành", validators=[Optional()])
    deadline = VnDateField("Hạn nghiên cứu, quán triệt", validators=[Optional()])
    document_ids = StringField("Văn bản liên quan", validators=[Optional(), Length(max=1000)])
    task_codes = StringField("Nhiệm vụ của Kế hoạch", validators=[Optional(), Length(max=1000)])
    plan_id = HiddenField()

    def service_fields(self):
        """The dict the materials service reads (dates as dates, lists as typed)."""
        return {
            "title": self.title.data or "",
            "summary": self.summary.data or "",
            "body_md": self.body_md.data or "",
            "audience": self.audience.data or "all",
            "unit_codes": list(self.unit_codes.data or []),
            "publish_on": self.publish_on.data,
            "deadline": self.deadline.data,
            "document_ids": self.document_ids.data or "",
            "task_codes": self.task_codes.data or "",
            "plan_id": self.plan_id.data or "",
        }
