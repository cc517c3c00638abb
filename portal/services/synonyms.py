"""The office's synonym list: kept by the secretariat in the portal, audited, applied to every search at query time.

One ``SynonymEntry`` row per entry ("VNeID = định danh điện tử"); the migration seeds the list shipped with the
portal (``portal.search.synonym_defaults``). Searches and plan-task suggestions read ``current_lines()``: the lines are
re-read only when the list's data version (entry count, last id, last change) moves, and the search core parses each
distinct list once (``portal.search.synonyms.synonym_set``), so an edit applies to the next search with no rebuild.
"""

from sqlalchemy import func, select

from portal.clock import utcnow
from portal.database import begin_write
from portal.errors import NotFound, ValidationFailed
from portal.extensions import db
from portal.models import SynonymEntry
from portal.search.synonyms import MAX_LINES, SynonymError, SynonymSet, synonym_set
from portal.services import audit
from portal.text import fold

MAX_TEXT = 1000

# engine url -> (data version, lines): one per database, so tests with their own databases never share a list.
_CACHE: dict[str, tuple[tuple, tuple[str, ...]]] = {}


def entries():
    """Every entry of the list, in the order they were added."""
    return list(db.session.scalars(select(SynonymEntry).order_by(SynonymEntry.id)))


def get_entry(entry_id):
    """The entry, or NotFound."""
    entry = db.session.get(SynonymEntry, entry_id)
    if entry is None:
        raise NotFound("Không tìm thấy mục từ đồng nghĩa này (có thể đã bị xóa).")
    return entry


def _version():
    count, last_id, last_change = db.session.execute(
        select(func.count(SynonymEntry.id), func.max(SynonymEntry.id), func.max(SynonymEntry.updated_at))
    ).one()
    return (count, last_id, str(last_change))


def current_lines():
    """The list's lines as a tuple, read again only when the list changed since the last read."""
    key = str(db.engine.url)
    version = _version()
    cached = _CACHE.get(key)
    if cached and cached[0] == version:
        return cached[1]
    lines = tuple(db.session.scalars(select(SynonymEntry.text).order_by(SynonymEntry.id)))
    _CACHE[key] = (version, lines)
    return lines


def current_set() -> SynonymSet:
    """The parsed list (parsed once per distinct list by the search core)."""
    return synonym_set(current_lines())


def check_line(text, *, line_no=None):
    """The entry normalized ("a = b = c", single spaces), or ValidationFailed with the core's Vietnamese message.

    ``line_no`` (a file's line) prefixes the message with "Dòng N:"; a single entry on the web page goes without.
    """

    def refuse(message):
        message = f"Dòng {line_no}: {message}" if line_no else message[:1].upper() + message[1:]
        raise ValidationFailed(message)

    text = " ".join((text or "").split())
    if not text:
        refuse("cần nhập một mục, ví dụ: VNeID = định danh điện tử.")
    if text.startswith("#"):
        refuse("dòng ghi chú (bắt đầu bằng “#”) không phải một mục từ đồng nghĩa.")
    if len(text) > MAX_TEXT:
        refuse("mục dài quá 1.000 ký tự.")
    try:
        SynonymSet.from_lines([text], strict=True)
    except SynonymError as error:
        refuse(error.message.split(": ", 1)[1])
    return " = ".join(p.strip() for p in text.split("="))


def _key(text):
    return " = ".join(fold(p.strip()) for p in text.split("="))


def _check_duplicate(text, *, except_id=None):
    for entry in entries():
        if entry.id != except_id and _key(entry.text) == _key(text):
            raise ValidationFailed(f"Mục “{entry.text}” đã có trong danh sách.", code="duplicate")


def add_entry(text, *, user=None):
    """Add an entry (validated, not a duplicate); audited."""
    text = check_line(text)
    begin_write()
    _check_duplicate(text)
    if db.session.scalar(select(func.count(SynonymEntry.id))) >= MAX_LINES:
        raise ValidationFailed("Danh sách đã đủ 2.000 mục; hãy gộp hoặc xóa bớt.")
    entry = SynonymEntry(
        text=text, created_at=utcnow(), updated_at=utcnow(), updated_by=getattr(user, "username", None)
    )
    db.session.add(entry)
    db.session.flush()
    audit.record("synonym.create", entry, summary=f"Thêm từ đồng nghĩa: {text}", after={"text": text}, user=user)
    db.session.commit()
    return entry


def update_entry(entry_id, text, *, user=None):
    """Change an entry's text (validated); audited with before and after. Unchanged text records nothing."""
    text = check_line(text)
    begin_write()
    entry = get_entry(entry_id)
    if entry.text == text:
        db.session.rollback()
        return entry
    _check_duplicate(text, except_id=entry.id)
    before = entry.text
    entry.text = text
    entry.updated_at = utcnow()
    entry.updated_by = getattr(user, "username", None)
    audit.record(
        "synonym.update",
        entry,
        summary=f"Sửa từ đồng nghĩa: {text}",
        before={"text": before},
        after={"text": text},
        user=user,
    )
    db.session.commit()
    return entry


def delete_entry(entry_id, *, user=None):
    """Remove an entry; audited with its text."""
    begin_write()
    entry = get_entry(entry_id)
    text = entry.text
    audit.record("synonym.delete", entry, summary=f"Xóa từ đồng nghĩa: {text}", before={"text": text}, user=user)
    db.session.delete(entry)
    db.session.commit()
    return text


def replace_all(lines, *, user=None):
    """Replace the whole list with ``lines`` (blank lines and ``#`` comments skipped); all or nothing, audited.

    Returns the counts {"added", "changed", "removed", "kept"} (kept includes the changed ones). A bad line raises ValidationFailed naming its line number.
    """
    if isinstance(lines, str):
        lines = lines.splitlines()
    lines = list(lines)
    if len(lines) > MAX_LINES:
        raise ValidationFailed("Tệp có quá 2.000 dòng.")
    wanted, seen = [], set()
    for no, raw in enumerate(lines, start=1):
        stripped = (raw or "").strip()
        if not stripped or stripped.startswith("#"):
            continue
        text = check_line(stripped, line_no=no)
        if _key(text) not in seen:
            seen.add(_key(text))
            wanted.append(text)
    begin_write()
    current = entries()
    by_key = {_key(e.text): e for e in current}
    removed = [e for e in current if _key(e.text) not in seen]
    added = [t for t in wanted if _key(t) not in by_key]
    changed = [(by_key[_key(t)], t) for t in wanted if _key(t) in by_key and by_key[_key(t)].text != t]
    username = getattr(user, "username", None)
    for entry in removed:
        db.session.delete(entry)
    for entry, text in changed:
        entry.text, entry.updated_at, entry.updated_by = text, utcnow(), username
    for text in added:
        db.session.add(SynonymEntry(text=text, created_at=utcnow(), updated_at=utcnow(), updated_by=username))
    if added or removed or changed:
        audit.record(
            "synonym.replace",
            object_type="synonym_entries",
            summary=f"Thay danh sách từ đồng nghĩa: thêm {len(added)}, sửa {len(changed)}, xóa {len(removed)}",
            before={"removed": [e.text for e in removed]},
            after={"added": added, "changed": [t for _, t in changed]},
            user=user,
        )
    db.session.commit()
    return {"added": len(added), "changed": len(changed), "removed": len(removed), "kept": len(current) - len(removed)}
