"""The reconcile stage: every cross-document check and repair, after all readers, in one
place. Readers report what their own pages say; this decides what the document says."""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors.reconcile.changes import Change, ChangeLog
from extractors.reconcile.cover import reconcile_cover
from extractors.reconcile.unfilled import drop_unfilled
from extractors.report.cover import CoverRead
from extractors.types import PageView
from models.result import Application, Counts, PageKind, Report, Warning


@dataclass(slots=True)
class Reconciled:
    changes: list[Change] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)


def reconcile(
    views: list[PageView],
    cover: CoverRead,
    application: Application,
    *,
    report: Report | None = None,
    counts: Counts | None = None,
    kinds: list[PageKind] | None = None,
) -> Reconciled:
    """Run every check over what the readers found (their fields are repaired in place).
    Given the report, counts and page kinds too, unfilled templates are set aside (after the
    cover's repairs: a project name found elsewhere makes the cover a written one)."""
    log = ChangeLog()
    warnings = reconcile_cover(views, cover, application, log)
    if report is not None and counts is not None and kinds is not None:
        warnings += drop_unfilled(report, application, counts, kinds, log)
    return Reconciled(changes=log.changes, warnings=warnings)
