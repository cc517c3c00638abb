"""Documents (văn bản), their file versions, pages of text, visibility units and citations."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint, func, literal_column
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow

DOC_TYPES = {
    "chi_thi": "Chỉ thị",
    "nghi_quyet": "Nghị quyết",
    "ket_luan": "Kết luận",
    "quyet_dinh": "Quyết định",
    "ke_hoach": "Kế hoạch",
    "bao_cao": "Báo cáo",
    "huong_dan": "Hướng dẫn",
    "thong_bao": "Thông báo",
    "cong_van": "Công văn",
    "to_trinh": "Tờ trình",
    "quy_dinh": "Quy định",
    "chuong_trinh": "Chương trình",
    "nghi_dinh": "Nghị định",
    "tai_lieu": "Tài liệu tuyên truyền",
    "khac": "Khác",
}
SECRECY = {"thuong": "Thường", "mat": "Mật", "toi_mat": "Tối mật", "tuyet_mat": "Tuyệt mật"}
URGENCY = {"thuong": "Thường", "khan": "Khẩn", "thuong_khan": "Thượng khẩn", "hoa_toc": "Hỏa tốc"}
VISIBILITY = {"all": "Toàn thể đảng viên", "units": "Các đơn vị được chọn", "leadership": "Chỉ lãnh đạo"}


class Document(db.Model):
    """A registered document with the metadata a Vietnamese office records."""

    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_issuer_number", "issuer", "number_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text, default="")
    doc_type: Mapped[str] = mapped_column(String(30), default="khac", index=True)
    number: Mapped[str | None] = mapped_column(String(80))
    number_key: Mapped[str | None] = mapped_column(String(80), index=True)
    is_draft: Mapped[bool] = mapped_column(default=False)
    issuer: Mapped[str | None] = mapped_column(String(200))
    issuer_parent: Mapped[str | None] = mapped_column(String(200))
    place: Mapped[str | None] = mapped_column(String(100))
    issued_on: Mapped[date | None] = mapped_column(Date, index=True)
    issued_year: Mapped[int | None] = mapped_column(index=True)
    issued_month: Mapped[int | None]
    signer_name: Mapped[str | None] = mapped_column(String(200))
    signer_mark: Mapped[str | None] = mapped_column(String(20))
    signer_title: Mapped[str | None] = mapped_column(String(200))
    recipients: Mapped[str | None] = mapped_column(Text)
    secrecy: Mapped[str] = mapped_column(String(20), default="thuong")
    urgency: Mapped[str] = mapped_column(String(20), default="thuong")
    visibility: Mapped[str] = mapped_column(String(20), default="all", index=True)
    owner_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    # Set when the document was made as part of something else ("material" attachment, "report" file, "evidence"):
    # its visibility then comes from its parents (security.py, docs/DESIGN.md "Who may read what").
    part_of: Mapped[str | None] = mapped_column(String(20))
    # The uploader keeps reading their upload until the secretariat or the administrator re-classifies it.
    uploader_access: Mapped[bool] = mapped_column(default=True, server_default=sa_true())
    summary: Mapped[str | None] = mapped_column(Text)
    legacy_encoding: Mapped[str | None] = mapped_column(String(20))
    html: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(index=True)
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    owner_unit = relationship("Unit", foreign_keys=[owner_unit_id])
    created_by = relationship("User", foreign_keys=[created_by_id])
    versions = relationship(
        "DocumentVersion",
        back_populates="document",
        order_by="DocumentVersion.version_no",
        cascade="all, delete-orphan",
    )
    unit_rows = relationship("DocumentUnit", cascade="all, delete-orphan")

    @property
    def current_version(self):
        return self.versions[-1] if self.versions else None

    @property
    def type_label(self):
        return DOC_TYPES.get(self.doc_type, self.doc_type)

    @property
    def text(self):
        version = self.current_version
        return "\n\n".join(p.text for p in version.pages) if version else ""

    @property
    def display_title(self):
        return self.title or (self.current_version.original_name if self.current_version else f"Văn bản {self.id}")


# The list's default order, "newest issued first, undated last", as an expression both SQLite and PostgreSQL can walk
# in index order (PostgreSQL's plain DESC puts NULLs first; SQLite cannot index NULLS LAST): see reads.SORTS.
ISSUED_SORT_KEY = func.coalesce(Document.issued_on, literal_column("'0001-01-01'"))
# deleted_at first: every list asks for live documents (deleted_at IS NULL), and the planner then walks the rest of the
# index in order instead of sorting every live row in a temporary B-tree.
Index("ix_documents_issued_sort", Document.deleted_at, ISSUED_SORT_KEY, Document.id)
Index("ix_documents_created_order", Document.deleted_at, Document.created_at, Document.id)
Index("ix_documents_updated_at", Document.updated_at)  # max(updated_at): the data version of cached list facets


class DocumentUnit(db.Model):
    """A unit chosen to see a document with visibility 'units'."""

    __tablename__ = "document_units"
    __table_args__ = (UniqueConstraint("document_id", "unit_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)


class DocumentVersion(db.Model):
    """One stored file of a document; a corrected file becomes a new version, older ones stay."""

    __tablename__ = "document_versions"
    __table_args__ = (UniqueConstraint("document_id", "version_no"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    version_no: Mapped[int] = mapped_column(default=1)
    storage_name: Mapped[str] = mapped_column(String(100), unique=True)
    original_name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    page_count: Mapped[int] = mapped_column(default=1)
    ocr_pages: Mapped[int] = mapped_column(default=0)
    encoding: Mapped[str | None] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    document = relationship("Document", back_populates="versions")
    created_by = relationship("User")
    pages = relationship("DocumentPage", order_by="DocumentPage.page_no", cascade="all, delete-orphan", lazy="selectin")


class DocumentPage(db.Model):
    """Text of one page (one row for non-PDF files), NFC-normalised."""

    __tablename__ = "document_pages"
    __table_args__ = (UniqueConstraint("version_id", "page_no"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_versions.id", ondelete="CASCADE"), index=True)
    page_no: Mapped[int] = mapped_column(default=1)
    text: Mapped[str] = mapped_column(Text, default="")
    is_ocr: Mapped[bool] = mapped_column(default=False)


class Citation(db.Model):
    """A reference by number from one document to another; target is empty while the cited one is missing."""

    __tablename__ = "citations"
    __table_args__ = (UniqueConstraint("source_id", "number_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"), index=True)
    number: Mapped[str] = mapped_column(String(80))
    number_key: Mapped[str] = mapped_column(String(80), index=True)
    doc_type: Mapped[str | None] = mapped_column(String(30))
    issuer: Mapped[str | None] = mapped_column(String(200))
    issued_on: Mapped[date | None] = mapped_column(Date)
    raw: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    source = relationship("Document", foreign_keys=[source_id])
    target = relationship("Document", foreign_keys=[target_id])
