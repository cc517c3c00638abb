"""Admin forms: users and units."""

from wtforms import BooleanField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from ...forms import PortalForm, VnDateField, options
from ...models import ROLE_LABELS, UNIT_KINDS


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes for several choices."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class UserForm(PortalForm):
    """Create or edit a user."""

    username = StringField("Tên đăng nhập", validators=[DataRequired("Vui lòng nhập tên đăng nhập."), Length(max=80)])
    full_name = StringField("Họ và tên", validators=[DataRequired("Vui lòng nhập họ và tên."), Length(max=200)])
    email = StringField(
        "Thư điện tử",
        validators=[Optional(), Regexp(r"^[^@\s]+@[^@\s]+$", message="Địa chỉ thư không hợp lệ."), Length(max=200)],
    )
    position = StringField("Chức vụ", validators=[Optional(), Length(max=200)])
    unit = SelectField("Đơn vị", validators=[DataRequired("Vui lòng chọn đơn vị.")])
    roles = MultiCheckboxField("Vai trò", choices=options(ROLE_LABELS))
    password = PasswordField("Mật khẩu ban đầu", validators=[Optional(), Length(max=200)])
    is_active = BooleanField("Đang hoạt động", default=True)


class PasswordResetForm(PortalForm):
    """Admin sets a new password for a user."""

    password = PasswordField("Mật khẩu mới", validators=[DataRequired("Vui lòng nhập mật khẩu mới."), Length(max=200)])


class UnitForm(PortalForm):
    """Create a unit."""

    code = StringField("Mã đơn vị", validators=[DataRequired("Vui lòng nhập mã."), Length(max=40)])
    name = StringField("Tên đơn vị", validators=[DataRequired("Vui lòng nhập tên."), Length(max=200)])
    kind = SelectField("Loại", choices=options(UNIT_KINDS))
    parent = SelectField("Trực thuộc", validators=[Optional()])


class UnitEditForm(PortalForm):
    """Rename or correct a unit (the code stays)."""

    name = StringField("Tên đơn vị", validators=[DataRequired("Vui lòng nhập tên."), Length(max=200)])
    kind = SelectField("Loại", choices=options(UNIT_KINDS))
    parent = SelectField("Trực thuộc", validators=[Optional()])
    is_active = BooleanField("Đang hoạt động")


class AuditFilterForm(PortalForm):
    """The audit log's filters (a GET form: no CSRF token, values kept in the address)."""

    class Meta:
        csrf = False

    action = SelectField("Hành động", validators=[Optional()], choices=[])
    username = StringField("Người thực hiện", validators=[Optional(), Length(max=80)])
    q = StringField("Nội dung", validators=[Optional(), Length(max=200)])
    date_from = VnDateField("Từ ngày", validators=[Optional()])
    date_to = VnDateField("Đến ngày", validators=[Optional()])
