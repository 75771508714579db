"""`pilotdoc users add|list|set-password|token|disable|enable`: accounts and API tokens."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from models.errors import PilotdocError
from service.cli.output import fail_for
from service.settings import get_settings
from service.storage import users
from service.storage.db import session_scope

app = typer.Typer(help="Manage accounts and API tokens.", no_args_is_help=True)


def _password(given: str | None) -> str:
    if given:
        return given
    value: str = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    return value


@app.command("add")
def add(
    username: str,
    role: Annotated[str, typer.Option(help="submitter, reviewer or admin")] = "submitter",
    unit: Annotated[str | None, typer.Option(help="the unit (required for submitters)")] = None,
    password: Annotated[
        str | None, typer.Option(help="default: prompt (avoid passwords in shell history)")
    ] = None,
) -> None:
    """Create an account."""
    try:
        with session_scope(get_settings()) as session:
            user = users.create(session, username, _password(password), role, unit)
            typer.echo(f"created {user.username} ({user.role}, unit={user.unit or '-'})")
    except PilotdocError as exc:
        fail_for(exc)


@app.command("list")
def list_users() -> None:
    """List accounts."""
    table = Table("id", "username", "role", "unit", "disabled", "created")
    with session_scope(get_settings()) as session:
        for u in users.all_users(session):
            table.add_row(
                str(u.id),
                u.username,
                u.role,
                u.unit or "-",
                "yes" if u.disabled else "",
                u.created_at.strftime("%Y-%m-%d"),
            )
    Console().print(table)


@app.command("set-password")
def set_password(username: str, password: Annotated[str | None, typer.Option()] = None) -> None:
    """Set a new password (signs out the account's sessions)."""
    try:
        with session_scope(get_settings()) as session:
            users.set_password(session, users.require(session, username), _password(password))
    except PilotdocError as exc:
        fail_for(exc)
    typer.echo(f"password of {username} changed")


@app.command("token")
def token(
    username: str, name: Annotated[str, typer.Option(help="what the token is for")] = "cli"
) -> None:
    """Issue an API token (printed once; store it safely)."""
    try:
        with session_scope(get_settings()) as session:
            _row, plain = users.issue_token(session, users.require(session, username), name)
    except PilotdocError as exc:
        fail_for(exc)
    typer.echo(plain)


def _set_disabled(username: str, disabled: bool) -> None:
    try:
        with session_scope(get_settings()) as session:
            users.update(session, users.require(session, username), disabled=disabled)
    except PilotdocError as exc:
        fail_for(exc)
    typer.echo(f"{username} {'disabled' if disabled else 'enabled'}")


@app.command("disable")
def disable(username: str) -> None:
    """Disable an account: its sessions and tokens stop working at once."""
    _set_disabled(username, True)


@app.command("enable")
def enable(username: str) -> None:
    """Enable a disabled account again."""
    _set_disabled(username, False)
