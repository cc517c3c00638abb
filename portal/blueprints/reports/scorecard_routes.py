"""The branch scorecard for the annual rating, on screen and as XLSX/CSV."""

from flask import Response, render_template, request
from flask_login import current_user

from portal.clock import today_local
from portal.services.reporting import exports, scorecard

from ...security import permission_required
from .blueprint import bp
from .forms_util import year_arg


@bp.get("/scorecard")
@permission_required("scorecard.view")
def scorecard_view():
    """Scorecard rows for the chosen year."""
    year = year_arg(request.args.get("year"), today_local().year)
    return render_template(
        "reports/scorecard.html",
        rows=scorecard.scorecard(current_user, year),
        year=year,
        columns=scorecard.COLUMNS,
        explanations=scorecard.EXPLANATIONS,
    )


@bp.get("/scorecard.<fmt>")
@permission_required("scorecard.view")
def scorecard_export(fmt):
    """XLSX or CSV of the scorecard (for Chi bộ Hành chính - Quản trị)."""
    year = year_arg(request.args.get("year"), today_local().year)
    rows = scorecard.scorecard(current_user, year)
    if fmt == "xlsx":
        body, mime = exports.scorecard_xlsx(rows, scorecard.COLUMNS, year), exports.XLSX_MIME
    elif fmt == "csv":
        body, mime = exports.scorecard_csv(rows, scorecard.COLUMNS), exports.CSV_MIME
    else:
        return render_template(
            "errors/error.html",
            status=404,
            title="Không tìm thấy",
            message="Định dạng xuất không được hỗ trợ (chỉ xlsx, csv).",
        ), 404
    return Response(
        body, mimetype=mime, headers={"Content-Disposition": f"attachment; filename=bang-danh-gia-{year}.{fmt}"}
    )
