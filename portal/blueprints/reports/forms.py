"""Flask-WTF forms of the reports area: a period (open and edit), an inspection finding and its follow-up."""

from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ...forms import PortalForm, VnDateField, options
from ...models import FINDING_STATUSES, PERIOD_KINDS


class MultiCheckboxField(SelectMultipleField):
    """A multi-select shown as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PeriodForm(PortalForm):
    """Open (or correct) a reporting period."""

    title = StringField(
        "Tên đợt báo cáo",
        validators=[DataRequired("Cần nhập tên đợt báo cáo."), Length(max=300)],
        render_kw={"placeholder": "Báo cáo quý IV năm 2026"},
    )
    kind = SelectField("Loại kỳ", choices=options(PERIOD_KINDS), default="quy")
    starts_on = VnDateField("Từ ngày", validators=[Optional()])
    ends_on = VnDateField("Đến ngày", validators=[Optional()])
    deadline = VnDateField("Hạn nộp", validators=[InputRequired("Cần nhập hạn nộp (dd/mm/yyyy).")])
    instructions = TextAreaField("Hướng dẫn, yêu cầu", validators=[Optional(), Length(max=5000)])
    units = MultiCheckboxField("Đơn vị phải báo cáo", choices=[], validators=[Optional()])
    tasks = MultiCheckboxField("Nhiệm vụ yêu cầu báo cáo", choices=[], validators=[Optional()])
    targets = MultiCheckboxField("Chỉ tiêu yêu cầu báo cáo", choices=[], validators=[Optional()])

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and self.starts_on.data > field.data:
            from wtforms.validators import ValidationError

            raise ValidationError("Ngày kết thúc phải sau ngày bắt đầu.")


class FindingForm(PortalForm):
    """An inspection finding on a unit (and optionally a task)."""

    unit = SelectField("Đơn vị được kiểm tra", choices=[], validators=[DataRequired("Cần chọn đơn vị.")])
    task_id = SelectField("Nhiệm vụ (không bắt buộc)", choices=[], validators=[Optional()])
    title = StringField("Tiêu đề", validators=[DataRequired("Cần nhập tiêu đề kết luận."), Length(max=300)])
    content = TextAreaField("Nội dung kết luận, yêu cầu khắc phục", validators=[Optional(), Length(max=20000)])
    found_on = VnDateField("Ngày kết luận", validators=[Optional()])
    follow_up_deadline = VnDateField("Hạn khắc phục", validators=[Optional()])


class FindingUpdateForm(PortalForm):
    """Follow-up of a finding: status, resolution, a new deadline."""

    status = SelectField("Tình trạng", choices=options(FINDING_STATUSES))
    resolution = TextAreaField("Kết quả khắc phục", validators=[Optional(), Length(max=20000)])
    follow_up_deadline = VnDateField("Hạn khắc phục", validators=[Optional()])
