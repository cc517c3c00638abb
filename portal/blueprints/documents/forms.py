"""Forms of the documents area: upload, registration metadata, new version, purge confirmation."""

from flask_wtf.file import FileField
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ...forms import PortalForm, VnDateField, options
from ...models import DOC_TYPES, SECRECY, URGENCY, VISIBILITY

AUTO_TYPE = [("", "— Tự nhận dạng từ văn bản —")]


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes for several choices."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class UploadForm(PortalForm):
    """Choose a file and where it belongs; the metadata is read from the file and confirmed on the next page."""

    file = FileField("Tệp văn bản (PDF, DOCX, Markdown, TXT)")
    doc_type = SelectField(
        "Loại văn bản", choices=options(AUTO_TYPE + list(DOC_TYPES.items())), validators=[Optional()]
    )
    visibility = SelectField(
        "Phạm vi xem", choices=options([("", "— Mặc định —")] + list(VISIBILITY.items())), validators=[Optional()]
    )
    owner_unit = SelectField("Đơn vị quản lý", validators=[Optional()])
    units = MultiCheckboxField("Các đơn vị được xem (khi chọn “Các đơn vị được chọn”)", validators=[Optional()])


class MetadataForm(PortalForm):
    """The registration fields an office keeps for a document."""

    title = TextAreaField("Trích yếu / tiêu đề", validators=[Length(max=2000)], render_kw={"rows": 2})
    number = StringField(
        "Số, ký hiệu", validators=[Optional(), Length(max=80)], description="Ví dụ: 83-KH/ĐU, 06/QĐ-TTg"
    )
    doc_type = SelectField("Loại văn bản", choices=options(DOC_TYPES))
    issuer = StringField("Cơ quan ban hành", validators=[Optional(), Length(max=200)])
    issuer_parent = StringField("Cơ quan cấp trên", validators=[Optional(), Length(max=200)])
    place = StringField("Địa danh", validators=[Optional(), Length(max=100)])
    issued_on = VnDateField("Ngày ban hành", validators=[Optional()])
    issued_year = StringField("Năm (khi chưa rõ ngày)", validators=[Optional(), Length(max=4)])
    signer_mark = StringField("Thẩm quyền ký (T/M, K/T, T/L và cơ quan)", validators=[Optional(), Length(max=20)])
    signer_title = StringField("Chức vụ người ký", validators=[Optional(), Length(max=200)])
    signer_name = StringField("Người ký", validators=[Optional(), Length(max=200)])
    recipients = TextAreaField(
        "Nơi nhận (mỗi dòng một nơi)", validators=[Optional(), Length(max=5000)], render_kw={"rows": 3}
    )
    secrecy = SelectField("Độ mật", choices=options(SECRECY))
    urgency = SelectField("Độ khẩn", choices=options(URGENCY))
    visibility = SelectField("Phạm vi xem", choices=options(VISIBILITY))
    units = MultiCheckboxField("Các đơn vị được xem", validators=[Optional()])
    summary = TextAreaField("Ghi chú, tóm tắt", validators=[Optional(), Length(max=5000)], render_kw={"rows": 3})

    FIELDS = (
        "title",
        "number",
        "doc_type",
        "issuer",
        "issuer_parent",
        "place",
        "issued_on",
        "issued_year",
        "signer_mark",
        "signer_title",
        "signer_name",
        "recipients",
        "secrecy",
        "urgency",
        "summary",
    )

    def values(self):
        """The metadata fields as a dict for the service."""
        data = {name: getattr(self, name).data for name in self.FIELDS}
        if data["issued_on"]:
            data.pop("issued_year")
        return data


class VersionForm(PortalForm):
    """Upload a corrected file as a new version."""

    file = FileField("Tệp đã sửa")


class PurgeForm(PortalForm):
    """Type the confirmation word to delete for good."""

    confirm = StringField("Gõ chữ XÓA để xác nhận", validators=[Length(max=20)])
