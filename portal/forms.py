"""The base of every web form: Flask-WTF with WTForms' built-in messages in Vietnamese (WTForms ships no 'vi')."""

from flask_wtf import FlaskForm
from wtforms import Field
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import TextInput

MESSAGES = {
    "Not a valid choice.": "Lựa chọn không hợp lệ.",
    "Not a valid date value.": "Ngày không đúng dạng dd/mm/yyyy.",
    "Not a valid datetime value.": "Thời điểm không hợp lệ.",
    "Not a valid decimal value.": "Giá trị số không hợp lệ.",
    "Not a valid float value.": "Giá trị số không hợp lệ.",
    "Not a valid integer value.": "Cần nhập một số nguyên.",
    "Not a valid time value.": "Giờ không hợp lệ.",
    "This field is required.": "Trường này bắt buộc.",
    "Invalid input.": "Dữ liệu không hợp lệ.",
    "Invalid email address.": "Địa chỉ thư không hợp lệ.",
    "Field must be equal to %(other_name)s.": "Giá trị phải trùng với ô %(other_name)s.",
    "Field cannot be longer than %(max)d character.": "Không được dài quá %(max)d ký tự.",
    "Field cannot be longer than %(max)d characters.": "Không được dài quá %(max)d ký tự.",
    "Field must be at least %(min)d character long.": "Cần ít nhất %(min)d ký tự.",
    "Field must be at least %(min)d characters long.": "Cần ít nhất %(min)d ký tự.",
    "Field must be between %(min)d and %(max)d characters long.": "Độ dài phải từ %(min)d đến %(max)d ký tự.",
    "'%(value)s' is not a valid choice for this field.": "«%(value)s» không phải lựa chọn hợp lệ.",
    "'%(value)s' are not valid choices for this field.": "«%(value)s» không phải lựa chọn hợp lệ.",
}


class VietnameseTranslations:
    """gettext/ngettext over MESSAGES; anything unknown stays as written."""

    def gettext(self, string):
        return MESSAGES.get(string, string)

    def ngettext(self, singular, plural, n):
        return MESSAGES.get(singular if n == 1 else plural, singular if n == 1 else plural)


_TRANSLATIONS = VietnameseTranslations()


class PortalForm(FlaskForm):
    """Every form of the portal derives from this."""

    class Meta:
        def get_translations(self, form):
            return _TRANSLATIONS


class VnDateField(Field):
    """A date typed or picked as dd/mm/yyyy, whatever the browser's locale: a text input (never type="date") marked
    for the local picker script, read by the one date parser (`portal.text.dates.parse_user_date`); the error names
    the field and shows the expected form, and what was typed stays in the field."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = {"placeholder": "dd/mm/yyyy", "data-datepicker": "", "inputmode": "numeric", "autocomplete": "off"}
        render_kw.update(kwargs.pop("render_kw", None) or {})
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def process_formdata(self, valuelist):
        from portal.errors import ValidationFailed
        from portal.text.dates import parse_user_date

        text = " ".join(valuelist).strip() if valuelist else ""
        try:
            self.data = parse_user_date(text, str(self.label.text)) if text else None
        except ValidationFailed as error:
            self.data = None
            raise ValueError(error.message) from None

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.strftime("%d/%m/%Y") if self.data else ""


def options(pairs):
    """Choices for a select field from (value, label) pairs or a {value: label} mapping (WTForms 3.3 wants SelectChoice)."""
    items = pairs.items() if isinstance(pairs, dict) else pairs
    return [SelectChoice(value, label) for value, label in items]
