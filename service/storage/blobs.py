"""Original PDFs, content-addressed by sha256 under settings.blob_dir, and the page images
rendered from them. An original is written once (temp file, fsync, rename) and never modified."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from extractors.perception.pdf import bounded_dpi, sha256_hex

log = logging.getLogger(__name__)


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a sha256: {sha256!r}")
        return self.root / sha256[:2] / f"{sha256}.pdf"

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put(self, data: bytes) -> tuple[str, bool]:
        """Store `data`; return (sha256, created). Existing blobs are left untouched."""
        sha = sha256_hex(data)
        target = self.path(sha)
        if target.is_file():
            return sha, False
        write_durably(target, data, read_only=True)
        return sha, True

    def read(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def discard(self, sha256: str) -> None:
        """Remove a blob that no row refers to (only used to undo a failed ingest)."""
        self.path(sha256).unlink(missing_ok=True)


def write_durably(target: Path, data: bytes, *, read_only: bool = False) -> None:
    """All of `data` at `target` or nothing: temp file in the same folder, fsync, rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if read_only:
            os.chmod(tmp, 0o444)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def _fsync_dir(folder: Path) -> None:
    # The rename is durable only once the directory entry is on disk too.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def render_page_png(
    pdf_path: Path, page_number: int, dpi: int, cache_dir: Path, max_pixels: int
) -> Path:
    """The PNG of one page, rendered once with PyMuPDF and kept under `cache_dir`; a page too
    big for `max_pixels` at `dpi` is rendered smaller (logged), never past the bound."""
    target = cache_dir / pdf_path.stem[:2] / pdf_path.stem / f"{page_number}-{dpi}.png"
    if target.is_file():
        return target
    import pymupdf

    with pymupdf.open(pdf_path) as doc:
        page = doc[page_number - 1]
        use = bounded_dpi(page.rect, dpi, max_pixels)
        if use < dpi:
            log.warning(
                "page %d of %s is %.0fx%.0f pt: image rendered at %g dpi, not %d",
                page_number,
                pdf_path.name,
                page.rect.width,
                page.rect.height,
                use,
                dpi,
            )
        pix = page.get_pixmap(dpi=int(use))
        write_durably(target, pix.tobytes("png"))
    return target
