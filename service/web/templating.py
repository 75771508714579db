"""The Jinja2 environment of the UI (built once, on first use) and its filters: local times,
scores, confidence as a percentage."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup
from pydantic import BaseModel

from service.web import labels, messages, values

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
# The programme is Shanghai's: reviewers read times in China Standard Time.
LOCAL_TZ = ZoneInfo("Asia/Shanghai")


def local_time(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if value is None:
        return ""
    return value.astimezone(LOCAL_TZ).strftime(fmt)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


def to_json(value: Any) -> Markup:
    """JSON for an HTML attribute or script, view models included (`<>&'` escaped)."""
    return htmlsafe_json_dumps(_plain(value))


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    env = Jinja2Templates(directory=str(TEMPLATE_DIR))
    env.env.filters["local_time"] = local_time
    env.env.filters["percent"] = percent
    env.env.filters["score"] = values.format_score
    env.env.filters["tojson"] = to_json
    env.env.filters["path_label"] = messages.path_label
    env.env.globals["evidence_kinds"] = labels.EVIDENCE_KIND
    return env


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """Render a template with the request (Starlette needs it for url_for)."""
    return templates().TemplateResponse(request, name, context, status_code=status_code)
