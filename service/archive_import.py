"""Ingest an archive of old submissions (a folder or a zip). Every member is checked before it
is read: path traversal, absolute paths, symlinks, nested archives, oversized members, zip bombs
(compression ratio) and non-PDF files are refused and reported; the rest are ingested."""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from models.errors import PilotdocError
from service.ingest import ingest
from service.queue import dispatch
from service.settings import Settings
from service.storage.db import new_session

Progress = Callable[[str, int, int], None]  # (member name, done, total)
Member = tuple[str, Callable[[], bytes]]  # (name, read it or raise Refused)


@dataclass
class Outcome:
    name: str
    status: str  # "imported" | "duplicate" | "refused" | "invalid"
    detail: str = ""
    submission_id: str | None = None


@dataclass
class ImportReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


class Refused(Exception):
    """A member that is not read at all, with the reason."""


def _check_name(name: str) -> None:
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        raise Refused("absolute path")
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if ".." in parts:
        raise Refused("path traversal")


def _zip_members(path: Path, settings: Settings) -> Iterator[Member]:
    limit = int(settings.import_max_member_mb * 1024 * 1024)
    budget = int(settings.import_max_total_mb * 1024 * 1024)
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = info.filename

            def read(info: zipfile.ZipInfo = info) -> bytes:
                nonlocal budget
                _check_name(info.filename)
                mode = info.external_attr >> 16
                if stat.S_ISLNK(mode):
                    raise Refused("symbolic link")
                if info.flag_bits & 0x1:
                    raise Refused("encrypted zip member")
                if info.file_size > limit:
                    raise Refused(f"member over {settings.import_max_member_mb:g} MB")
                if info.file_size > budget:
                    raise Refused("archive total over the import limit")
                ratio = info.file_size / max(info.compress_size, 1)
                if ratio > settings.import_max_ratio:
                    raise Refused(f"compression ratio {ratio:.0f}:1 looks like a zip bomb")
                if info.filename.lower().endswith((".zip", ".7z", ".rar", ".tar", ".gz")):
                    raise Refused("nested archive")
                with archive.open(info) as fh:
                    # Read one byte past the declared size: a lying header cannot get past.
                    data = fh.read(info.file_size + 1)
                if len(data) > info.file_size:
                    raise Refused("member larger than its header says")
                budget -= len(data)
                _check_content(data)
                return data

            yield name, read


def _dir_members(root: Path, settings: Settings) -> Iterator[Member]:
    limit = int(settings.import_max_member_mb * 1024 * 1024)
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.is_dir() and not path.is_symlink():
            continue

        def read(path: Path = path) -> bytes:
            if path.is_symlink():
                raise Refused("symbolic link")
            if not path.is_file():
                raise Refused("not a regular file")
            if path.stat().st_size > limit:
                raise Refused(f"file over {settings.import_max_member_mb:g} MB")
            if path.suffix.lower() in (".zip", ".7z", ".rar", ".tar", ".gz"):
                raise Refused("nested archive")
            data = path.read_bytes()
            _check_content(data)
            return data

        yield name, read


def _check_content(data: bytes) -> None:
    if data[:4] == b"PK\x03\x04":
        raise Refused("nested archive")
    if not data.lstrip(b"\x00\t\n\r\f ")[:5].startswith(b"%PDF-"):
        raise Refused("not a PDF")


def members(source: Path, settings: Settings) -> tuple[int, Iterator[Member]]:
    """How many members `source` has, and the members (a zip stays open while iterated)."""
    if source.is_dir():
        total = sum(1 for p in source.rglob("*") if p.is_symlink() or not p.is_dir())
        return total, _dir_members(source, settings)
    if zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            total = sum(1 for info in archive.infolist() if not info.is_dir())
        return total, _zip_members(source, settings)
    raise ValueError(f"{source} is neither a folder nor a zip archive")


def import_archive(
    source: Path,
    settings: Settings,
    *,
    unit: str | None = None,
    user_id: int | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Ingest every acceptable PDF in `source` and queue it (batch queue); report each member."""
    report = ImportReport()
    total, found = members(source, settings)
    for done, (name, read) in enumerate(found, start=1):
        report.outcomes.append(_import_one(name, read, settings, unit, user_id))
        if progress:
            progress(name, done, total)
    return report


def _import_one(
    name: str,
    read: Callable[[], bytes],
    settings: Settings,
    unit: str | None,
    user_id: int | None,
) -> Outcome:
    try:
        data = read()
    except Refused as exc:
        return Outcome(name, "refused", str(exc))
    except (OSError, zipfile.BadZipFile, EOFError) as exc:
        return Outcome(name, "refused", f"unreadable: {exc}")
    session = new_session(settings)
    try:
        result = ingest(
            session,
            settings,
            data,
            filename=PurePosixPath(name).name,
            unit=unit,
            user_id=user_id,
            source="import",
        )
    except PilotdocError as exc:
        return Outcome(name, "invalid", f"{exc.code}: {exc}")
    finally:
        session.close()
    sub_id = result.submission.id
    if not result.created:
        return Outcome(name, "duplicate", "already submitted", sub_id)
    dispatch.enqueue(settings, sub_id, batch=True)
    return Outcome(name, "imported", "", sub_id)
