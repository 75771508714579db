"""Storage on both backends: ingest and duplicates, versioned results (one per version),
corrections overlaid and kept, score bounds, and migrations that match the models."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from models.errors import EncryptedPDF, InvalidPDF, TooManyPages
from service.ingest import ingest
from service.settings import Settings
from service.storage import reviews, users
from service.storage import submissions as subs
from service.storage.blobs import BlobStore
from service.storage.db import session_scope
from tests.service.conftest import make_pdf, submission_pdf

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


def _result(sha: str, leader: str, papers: int | None = None) -> dict[str, object]:
    from models.result import Document, Result

    r = Result(pipeline_version="x", document=Document(sha256=sha, page_count=1))
    r.application.fields.leader.value = leader
    r.counts.papers.value = papers
    return r.to_json_dict()


@pytest.mark.parametrize("database", BACKENDS)
def test_ingest_stores_original_once_and_reports_duplicates(
    configure: Callable[..., Settings], database: str
) -> None:
    settings = configure(database)
    data = submission_pdf()
    with session_scope(settings) as session:
        first = ingest(session, settings, data, filename="a.pdf", unit="甲", user_id=None)
        again = ingest(session, settings, data, filename="b.pdf", unit="乙", user_id=None)
    assert first.created and not again.created
    assert again.submission.id == first.submission.id
    path = BlobStore(settings.blob_dir).path(first.submission.sha256)
    assert path.read_bytes() == data
    assert not path.stat().st_mode & 0o222  # read-only: never modified


@pytest.mark.parametrize("database", BACKENDS)
@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"hello, not a pdf", InvalidPDF),
        (b"%PDF-1.7\n garbage without objects", InvalidPDF),
        (make_pdf(["机密"], password="pw"), EncryptedPDF),
        (make_pdf(["多页"], pages=3), TooManyPages),
    ],
    ids=["not-pdf", "corrupt", "encrypted", "too-many-pages"],
)
def test_bad_input_leaves_nothing_behind(
    configure: Callable[..., Settings], database: str, data: bytes, error: type[Exception]
) -> None:
    settings = configure(database, max_pages=2)
    with session_scope(settings) as session, pytest.raises(error):
        ingest(session, settings, data, filename="x.pdf", unit=None, user_id=None)
    with session_scope(settings) as session:
        assert subs.list_page(session, None, subs.SubmissionFilter())[1] == 0
    assert not list(settings.blob_dir.rglob("*.pdf"))


@pytest.mark.parametrize("database", BACKENDS)
def test_results_are_versioned_and_corrections_survive(
    configure: Callable[..., Settings], database: str
) -> None:
    settings = configure(database)
    with session_scope(settings) as session:
        sub = ingest(
            session, settings, submission_pdf(), filename="a.pdf", unit="甲", user_id=None
        ).submission
        reviewer = users.create(session, "rev", "pw-pw-pw-pw", "reviewer")
        subs.store_result(session, sub.id, "1.0", _result(sub.sha256, "张三", 3), 1.0)
        subs.mark_done(sub, pipeline_version="1.0", project=None)
        reviews.add_correction(session, sub, "application.fields.leader", "李四", reviewer)
        reviews.add_correction(session, sub, "counts.papers", 5, reviewer)
        with pytest.raises(reviews.BadCorrection):
            reviews.add_correction(session, sub, "document.sha256", "x", reviewer)
        # the same version again replaces its row; a new version adds one
        assert subs.store_result(session, sub.id, "1.0", _result(sub.sha256, "王五"), 1.0)
        subs.store_result(session, sub.id, "1.1", _result(sub.sha256, "王五", 4), 1.0)
        subs.mark_done(sub, pipeline_version="1.1", project=None)
    with session_scope(settings) as session:
        sub = subs.get(session, sub.id)
        assert [r.pipeline_version for r in subs.result_versions(session, sub.id)] == ["1.1", "1.0"]
        effective = reviews.effective_result(session, sub)
        assert effective["application"]["fields"]["leader"]["value"] == "李四"
        assert effective["counts"]["papers"]["value"] == 5
        assert subs.result(session, sub.id, "1.1").data["counts"]["papers"]["value"] == 4
        old = reviews.effective_result(session, sub, "1.0")
        assert old["application"]["fields"]["leader"]["value"] == "李四"
        first = reviews.corrections(session, sub.id)[0]
        assert (first.old_value, first.new_value) == ("张三", "李四")


@pytest.mark.parametrize("database", BACKENDS)
def test_scores_are_bounded_by_the_rubric(
    configure: Callable[..., Settings], database: str
) -> None:
    settings = configure(database)
    with session_scope(settings) as session:
        sub = ingest(
            session, settings, submission_pdf(), filename="a.pdf", unit="甲", user_id=None
        ).submission
        reviewer = users.create(session, "rev", "pw-pw-pw-pw", "reviewer")
        with pytest.raises(reviews.BadScore):
            reviews.set_scores(session, sub, [reviews.ScoreInput("output.talent", 4.5)], reviewer)
        with pytest.raises(reviews.BadScore):
            reviews.set_scores(session, sub, [reviews.ScoreInput("nope", 1)], reviewer)
        rows = reviews.set_scores(
            session, sub, [reviews.ScoreInput("output.talent", 4, "满分")], reviewer
        )
        assert [(r.indicator, r.score) for r in rows] == [("output.talent", 4)]
        assert sub.reviewed_at is not None


@pytest.mark.parametrize("database", BACKENDS)
def test_migrations_match_the_models(configure: Callable[..., Settings], database: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from service.storage.db import get_engine
    from service.storage.tables import Base

    settings = configure(database)
    with get_engine(settings).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
