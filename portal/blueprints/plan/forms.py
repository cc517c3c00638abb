"""Flask-WTF forms of the plan area: the 6 rõ of a task."""

from wtforms import StringField, TextAreaField
from wtforms.validators import Length, Optional

from ...forms import PortalForm, VnDateField


class SixRoForm(PortalForm):
    """Deadline, periodicity, product and authority of a task; the units and their roles are one select per unit
    (``unit_<id>``: chủ trì, phối hợp or none), read with the form and checked by the plan service."""

    deadline = VnDateField("Thời hạn", validators=[Optional()])
    periodicity = StringField("Định kỳ", validators=[Optional(), Length(max=200)])
    product = TextAreaField("Sản phẩm", validators=[Optional(), Length(max=2000)])
    authority = StringField("Thẩm quyền phê duyệt", validators=[Optional(), Length(max=200)])
