"""One upload, as the API and the web form both take it: read the file within the size limit,
decide whose unit it belongs to, ingest it (service.ingest) and refuse another unit's duplicate.
Queueing is the caller's next step (service.queue.dispatch)."""

from __future__ import annotations

from typing import BinaryIO

from sqlalchemy.orm import Session

from models.errors import InputError, TooLarge
from service.ingest import Ingested, ingest
from service.settings import Settings
from service.storage import submissions as subs
from service.storage.tables import Role, User


def read_limited(stream: BinaryIO, settings: Settings) -> bytes:
    """The uploaded bytes; TooLarge without reading more than one byte past the limit."""
    data = stream.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise TooLarge(f"文件超过 {settings.max_upload_mb:g} MB 的上限")
    return data


class BadUpload(InputError):
    code = "invalid_request"


def _check_text(name: str, value: str | None) -> None:
    if value is not None and "\x00" in value:
        raise BadUpload(f"{name}中含有空字符（NUL），已拒绝")


def owner_unit(user: User, unit: str | None) -> str | None:
    """Submitters upload for their own unit; reviewers and admins may name one."""
    if user.role == Role.submitter:
        return user.unit
    return (unit or "").strip() or user.unit


def accept(
    session: Session,
    settings: Settings,
    user: User,
    data: bytes,
    *,
    filename: str | None,
    unit: str | None,
) -> Ingested:
    """Ingest an upload. The same bytes again answer with the existing submission (created
    False), unless another unit owns them: Conflict, so no id leaks."""
    _check_text("文件名", filename)
    _check_text("单位", unit)
    return ingest(
        session,
        settings,
        data,
        filename=filename,
        unit=owner_unit(user, unit),
        user_id=user.id,
        may_see=lambda sub: subs.can_see(user, sub),
    )
