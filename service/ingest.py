"""Take in one PDF: check the hash (a duplicate answers with the existing submission), validate
it with extractors.perception.pdf.open_pdf, store the original durably, then create the
submission row.
Nothing is queued here, and nothing half-stored remains when any step fails."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from extractors.perception.pdf import open_pdf, sha256_hex
from models.errors import Conflict, TooLarge
from service.settings import Settings
from service.storage import audit
from service.storage import submissions as subs
from service.storage.blobs import BlobStore
from service.storage.tables import Submission


@dataclass(frozen=True)
class Ingested:
    submission: Submission
    created: bool  # False: the same bytes were submitted before; this is that submission


def validate(data: bytes, settings: Settings) -> int:
    """The page count of a PDF within the limits, or the input error saying why not."""
    if len(data) > settings.max_upload_bytes:
        raise TooLarge(
            f"文件大小 {len(data) / 1e6:.1f} MB，超过 {settings.max_upload_mb:g} MB 的上限"
        )
    with open_pdf(data, settings.pipeline_options()) as doc:
        return int(doc.page_count)


def ingest(
    session: Session,
    settings: Settings,
    data: bytes,
    *,
    filename: str | None,
    unit: str | None,
    user_id: int | None,
    source: str = "upload",
    may_see: Callable[[Submission], bool] | None = None,
) -> Ingested:
    """Store `data` as a submission (status queued) and commit; the caller then enqueues it.
    A duplicate the uploader may not see (`may_see`) is Conflict, and nothing of the attempt
    is written into the other unit's records."""
    sha = sha256_hex(data)
    existing = subs.find_by_sha(session, sha)
    if existing is not None and may_see is not None and not may_see(existing):
        raise Conflict("该文件已由其他单位提交")
    if existing is not None:
        audit.record(session, existing.id, "duplicate", user_id, filename=filename, source=source)
        session.commit()
        return Ingested(existing, created=False)
    page_count = validate(data, settings)
    blobs = BlobStore(settings.blob_dir)
    _, new_blob = blobs.put(data)
    try:
        sub, created = subs.create(
            session,
            sha256=sha,
            filename=(filename or "")[:255] or None,
            size_bytes=len(data),
            page_count=page_count,
            unit=unit,
            source=source,
            uploaded_by=user_id,
        )
        action = "uploaded" if created else "duplicate"
        audit.record(session, sub.id, action, user_id, filename=filename, source=source)
        session.commit()
    except BaseException:
        session.rollback()
        if new_blob:
            blobs.discard(sha)
        raise
    return Ingested(sub, created)
