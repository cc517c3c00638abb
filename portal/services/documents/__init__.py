"""Documents: upload and versions (writes), lists and pages (reads), field rules (metadata), citations."""

from . import (
    citations,  # noqa: F401
    extraction,  # noqa: F401
    metadata,  # noqa: F401
)
from .extraction import (  # noqa: F401
    OCR_KIND,
    ExtractionState,
    ocr_waiting,
    poor_text_documents,
    state_of,
    unread_documents,
)
from .reads import (  # noqa: F401
    SORTS,
    ListPage,
    audit_trail,
    chosen_unit_codes,
    citations_of,
    document_data,
    download_mime,
    facet_values,
    get_document,
    get_version,
    is_secret,
    list_documents,
    live_document,
    may_edit,
    newest_documents,
    open_version,
    task_links,
    unit_names,
    waiting_citations,
)
from .writes import (  # noqa: F401
    DUPLICATE_NUMBER,
    IN_USE,
    LEGACY_NOTE,
    OCR_LATER_NOTE,
    OCR_NOTE,
    PURGE_WORD,
    SOURCES,
    STATUSES,
    Limits,
    Placement,
    PreparedFile,
    Preview,
    UploadResult,
    add_version,
    check_size,
    limits,
    number_warnings,
    prepare_file,
    preview_metadata,
    purge,
    received_file,
    reextract,
    restore,
    trash,
    update_metadata,
    upload_document,
    upload_document_version,
    upload_prepared,
    upload_stream,
    visible_hashes,
)
