"""Home panels of the library: newest documents for everyone; waiting citations for the secretariat."""

from flask import url_for

from portal.formatting import format_date
from portal.security import has_permission
from portal.services import documents

from .cards import Panel, PanelItem


def _label(document):
    return f"{document.number} – {document.display_title}" if document.number else document.display_title


def _note(document):
    """'Chỉ thị · ban hành 04/04/2026' (or the day it was uploaded when it has no date)."""
    if document.issued_on:
        return f"{document.type_label} · ban hành {format_date(document.issued_on)}"
    return f"{document.type_label} · tải lên {format_date(document.created_at)}"


def panels(user):
    """Newest visible documents; references to documents not yet in the library (citation managers)."""
    newest = documents.newest_documents(user, limit=5)
    out = [
        Panel(
            "documents.newest",
            "Văn bản mới",
            [PanelItem(_label(d), url_for("documents.detail", document_id=d.id), _note(d)) for d in newest],
            empty="Chưa có văn bản nào.",
            more_url=url_for("documents.index"),
            more_label="Tất cả văn bản",
            order=40,
        )
    ]
    if has_permission(user, "citations.manage"):
        waiting = url_for("documents.citations_waiting")
        out.append(
            Panel(
                "documents.waiting",
                "Văn bản được trích dẫn nhưng chưa có trong thư viện",
                [
                    PanelItem(g.number, waiting, f"{g.count} lần trích dẫn")
                    for g in documents.citations.waiting_groups(limit=5)
                ],
                count=documents.citations.waiting_count(),
                empty="Mọi văn bản được trích dẫn đã có trong thư viện.",
                more_url=waiting,
                more_label="Danh sách chờ bổ sung",
                order=45,
            )
        )
    return out
