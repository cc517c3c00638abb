"""Domain exceptions with Vietnamese messages; routes turn them into 4xx answers."""


class PortalError(Exception):
    """Base for errors a user can understand and fix."""

    status = 400
    code = "bad_request"

    def __init__(self, message, *, code=None, status=None, details=None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status
        self.details = details or {}


class ValidationFailed(PortalError):
    """Input that does not fit (missing field, bad date, unknown code)."""

    status = 400
    code = "invalid"


class UploadRejected(PortalError):
    """A file the portal will not store (type, size, content)."""

    status = 422
    code = "upload_rejected"


class NotAllowed(PortalError):
    """The user lacks the right for this object."""

    status = 403
    code = "forbidden"


class NotFound(PortalError):
    """No such object, or not one this user may see."""

    status = 404
    code = "not_found"


class Conflict(PortalError):
    """The object's state does not allow this step."""

    status = 409
    code = "conflict"
