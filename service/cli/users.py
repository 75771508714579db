"""`pilotdoc users add|list|set-password|set-role|token|tokens|revoke-token|disable|enable`:
accounts and API tokens. The last enabled admin cannot be demoted or disabled."""

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
    """Set a new password (signs out the account's sessions and revokes its API tokens)."""
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


@app.command("set-role")
def set_role(
    username: str,
    role: Annotated[str, typer.Argument(help="submitter, reviewer or admin")],
    unit: Annotated[str | None, typer.Option(help="the unit (required for submitters)")] = None,
) -> None:
    """Change an account's role (and unit)."""
    try:
        with session_scope(get_settings()) as session:
            user = users.update(session, users.require(session, username), role=role, unit=unit)
            typer.echo(f"{user.username}: {user.role} (unit={user.unit or '-'})")
    except PilotdocError as exc:
        fail_for(exc)


@app.command("tokens")
def list_tokens(username: str) -> None:
    """List an account's API tokens (id, name, prefix, last use, revoked)."""
    table = Table("id", "name", "prefix", "created", "last used", "revoked")
    try:
        with session_scope(get_settings()) as session:
            for t in users.tokens(session, users.require(session, username)):
                table.add_row(
                    str(t.id),
                    t.name,
                    t.prefix + "…",
                    t.created_at.strftime("%Y-%m-%d"),
                    t.last_used_at.strftime("%Y-%m-%d %H:%M") if t.last_used_at else "-",
                    "yes" if t.revoked else "",
                )
    except PilotdocError as exc:
        fail_for(exc)
    Console().print(table)


@app.command("revoke-token")
def revoke_token(token_id: Annotated[int, typer.Argument(help="the id `tokens` shows")]) -> None:
    """Revoke one API token; it stops working at once."""
    try:
        with session_scope(get_settings()) as session:
            row = users.revoke_token(session, token_id)
            typer.echo(f"token {row.id} ({row.name}) revoked")
    except PilotdocError as exc:
        fail_for(exc)
