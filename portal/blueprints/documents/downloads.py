"""The one way a stored file leaves the portal: an attachment with the original Vietnamese name, never rendered."""

from flask import send_file

from portal.services import documents as service


def attachment(version):
    """A download response: Content-Disposition attachment with filename*=UTF-8'' (and an ASCII fallback), nosniff."""
    response = send_file(
        service.open_version(version),
        mimetype=service.download_mime(version),
        as_attachment=True,
        download_name=version.original_name,
        max_age=0,
        etag=version.sha256,
        last_modified=version.created_at,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Length"] = str(version.size)
    return response
