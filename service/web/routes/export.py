"""Download every scored submission as CSV or XLSX (reviewers and admins)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from fastapi.responses import Response

from service import export
from service.api.deps import SessionDep
from service.web.auth import PageReviewer
from service.web.templating import LOCAL_TZ

router = APIRouter(include_in_schema=False)


def _download(body: bytes, media_type: str, suffix: str) -> Response:
    stamp = datetime.now(LOCAL_TZ).strftime("%Y%m%d-%H%M")
    headers = {"Content-Disposition": f'attachment; filename="pilotdoc-scores-{stamp}.{suffix}"'}
    return Response(body, media_type=media_type, headers=headers)


@router.get("/export.csv")
def export_csv(_user: PageReviewer, session: SessionDep) -> Response:
    return _download(export.to_csv(export.collect(session)), "text/csv; charset=utf-8", "csv")


@router.get("/export.xlsx")
def export_xlsx(_user: PageReviewer, session: SessionDep) -> Response:
    media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(export.to_xlsx(export.collect(session)), media, "xlsx")
