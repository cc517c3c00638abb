"""The one builder of JSON error answers: ``{"error": {"code", "message", "details"?}}`` with its HTTP status.

Used by the API, the error handlers, the upload page's script answers and the sign-in check, so every JSON error has
the same shape (docs/INTERFACES.md).
"""

from flask import jsonify


def error_body(code, message, details=None):
    """The error document."""
    body = {"error": {"code": code, "message": message}}
    if details:
        body["error"]["details"] = details
    return body


def error_response(code, message, status, details=None):
    """A JSON response carrying the error document and the status."""
    response = jsonify(error_body(code, message, details))
    response.status_code = status
    return response
