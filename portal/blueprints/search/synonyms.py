"""The office's synonym list (secretariat, admin): list, add, edit, delete; every change audited by the service."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.services import synonyms

from ...errors import ValidationFailed
from ...security import permission_required
from .blueprint import bp
from .forms import SynonymForm


def _page(form, editing=None, status=200):
    rows = synonyms.entries()
    q = (request.args.get("q") or "").strip()
    if q:
        from portal.text import fold

        needle = fold(q)
        rows = [e for e in rows if needle in fold(e.text)]
    return render_template(
        "search/synonyms.html", entries=rows, form=form, editing=editing, q=q, total=len(synonyms.entries())
    ), status


@bp.route("/synonyms", methods=["GET", "POST"])
@permission_required("search.synonyms")
def synonyms_page():
    """The list with a search box, and the form to add an entry."""
    form = SynonymForm()
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                entry = synonyms.add_entry(form.text.data, user=current_user)
            except ValidationFailed as error:
                form.text.errors.append(error.message)
                return _page(form, status=error.status)
            flash(f"Đã thêm “{entry.text}”. Tìm kiếm áp dụng ngay.", "success")
            return redirect(url_for("search.synonyms_page"))
        return _page(form, status=400)
    return _page(form)


@bp.route("/synonyms/<int:entry_id>", methods=["GET", "POST"])
@permission_required("search.synonyms")
def synonym_edit(entry_id):
    """Edit one entry in place."""
    entry = synonyms.get_entry(entry_id)
    form = SynonymForm(obj=entry)
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                synonyms.update_entry(entry.id, form.text.data, user=current_user)
            except ValidationFailed as error:
                form.text.errors.append(error.message)
                return _page(form, editing=entry, status=error.status)
            flash("Đã lưu mục từ đồng nghĩa. Tìm kiếm áp dụng ngay.", "success")
            return redirect(url_for("search.synonyms_page"))
        return _page(form, editing=entry, status=400)
    return _page(form, editing=entry)


@bp.post("/synonyms/<int:entry_id>/delete")
@permission_required("search.synonyms")
def synonym_delete(entry_id):
    """Remove one entry."""
    text = synonyms.delete_entry(entry_id, user=current_user)
    flash(f"Đã xóa “{text}”.", "success")
    return redirect(url_for("search.synonyms_page"))
