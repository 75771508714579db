"""Error types. Input errors are the submitter's to fix and are never retried; transient
errors (a lost connection, a busy database) are retried by the queue."""

from __future__ import annotations


class PilotdocError(Exception):
    """Base of every error pilotdoc raises on purpose."""

    code = "error"
    http_status = 500


class InputError(PilotdocError):
    """The submitted file cannot be processed as it is; retrying will not help."""

    code = "invalid_input"
    http_status = 422


class InvalidPDF(InputError):
    code = "invalid_pdf"


class EncryptedPDF(InputError):
    code = "encrypted_pdf"


class TooLarge(InputError):
    code = "too_large"
    http_status = 413


class TooManyPages(InputError):
    code = "too_many_pages"
    http_status = 422


class TransientError(PilotdocError):
    """Worth retrying: the cause is outside the document."""

    code = "transient"
    http_status = 503


class NotFound(PilotdocError):
    code = "not_found"
    http_status = 404


class Conflict(PilotdocError):
    code = "conflict"
    http_status = 409


class DuplicateSubmission(Conflict):
    """The same bytes were stored before; carries the existing submission's id."""

    code = "duplicate"

    def __init__(self, existing_id: str) -> None:
        super().__init__(f"already submitted as {existing_id}")
        self.existing_id = existing_id
