"""Login, password and second-factor forms."""

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


class CodeForm(PortalForm):
    """A code from the authenticator app (6 digits) or a recovery code."""

    code = StringField(
        "Mã xác thực",
        validators=[DataRequired("Vui lòng nhập mã xác thực."), Length(max=40)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True},
    )
