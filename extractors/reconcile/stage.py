"""The reconcile stage: every cross-document check and repair, after all readers, in one
place. Readers report what their own pages say; this decides what the document says."""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors.reconcile.changes import Change, ChangeLog
from extractors.reconcile.cover import reconcile_cover
from extractors.report.cover import CoverRead
from extractors.types import PageView
from models.result import Application, Warning


@dataclass(slots=True)
class Reconciled:
    changes: list[Change] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)


def reconcile(views: list[PageView], cover: CoverRead, application: Application) -> Reconciled:
    """Run every check over what the readers found (their fields are repaired in place)."""
    log = ChangeLog()
    warnings = reconcile_cover(views, cover, application, log)
    return Reconciled(changes=log.changes, warnings=warnings)
