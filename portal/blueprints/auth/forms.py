"""Login and password forms."""

from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from ...forms import PortalForm


class LoginForm(PortalForm):
    """Username and password."""

    username = StringField("Tên đăng nhập", validators=[DataRequired("Vui lòng nhập tên đăng nhập."), Length(max=80)])
    password = PasswordField("Mật khẩu", validators=[DataRequired("Vui lòng nhập mật khẩu."), Length(max=200)])


class PasswordForm(PortalForm):
    """Change one's own password."""

    current = PasswordField("Mật khẩu hiện tại", validators=[DataRequired("Vui lòng nhập mật khẩu hiện tại.")])
    new = PasswordField("Mật khẩu mới", validators=[DataRequired("Vui lòng nhập mật khẩu mới."), Length(max=200)])
    confirm = PasswordField("Nhập lại mật khẩu mới", validators=[EqualTo("new", "Hai mật khẩu mới không khớp.")])
