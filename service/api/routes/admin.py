"""Administration (admins only): users and their API tokens, reprocessing batches with their
progress and change report, and an on-demand recovery sweep."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, HTTPException, status

from service import reprocess
from service.api.deps import AdminUser, DbId, SessionDep, SettingsDep
from service.api.routes.submissions import ERRORS
from service.api.schemas import (
    BatchPublic,
    RecoveryPublic,
    ReprocessRequest,
    TokenCreate,
    TokenIssued,
    UserCreate,
    UserPublic,
    UserUpdate,
)
from service.queue import recovery
from service.storage import batches, users
from service.storage.tables import User

router = APIRouter(prefix="/api/admin", tags=["admin"])


def _user_or_404(session: SessionDep, user_id: DbId) -> User:
    user = users.get(session, user_id)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"未找到用户 {user_id}")
    return user


@router.get("/users", response_model=list[UserPublic], responses=ERRORS)
def list_users(_admin: AdminUser, session: SessionDep) -> list[UserPublic]:
    return [UserPublic.model_validate(u) for u in users.all_users(session)]


@router.post(
    "/users", status_code=status.HTTP_201_CREATED, response_model=UserPublic, responses=ERRORS
)
def create_user(body: UserCreate, _admin: AdminUser, session: SessionDep) -> UserPublic:
    user = users.create(session, body.username, body.password, body.role, body.unit)
    session.commit()
    return UserPublic.model_validate(user)


@router.patch("/users/{user_id}", response_model=UserPublic, responses=ERRORS)
def update_user(
    user_id: DbId, body: UserUpdate, _admin: AdminUser, session: SessionDep
) -> UserPublic:
    user = _user_or_404(session, user_id)
    users.update(session, user, role=body.role, unit=body.unit, disabled=body.disabled)
    if body.password:
        users.set_password(session, user, body.password)
    session.commit()
    return UserPublic.model_validate(user)


@router.post(
    "/users/{user_id}/tokens",
    status_code=status.HTTP_201_CREATED,
    response_model=TokenIssued,
    responses=ERRORS,
)
def issue_token(
    user_id: DbId, body: TokenCreate, _admin: AdminUser, session: SessionDep
) -> TokenIssued:
    user = _user_or_404(session, user_id)
    row, plain = users.issue_token(session, user, body.name)
    session.commit()
    return TokenIssued(id=row.id, name=row.name, token=plain)


@router.post(
    "/reprocess",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=BatchPublic,
    responses=ERRORS,
)
def start_reprocess(
    body: ReprocessRequest,
    admin: AdminUser,
    settings: SettingsDep,
    background: BackgroundTasks,
) -> BatchPublic:
    """Start a reprocessing batch on the low-priority queue; follow it at /batches/{id}."""
    selection = reprocess.Selection(
        all=body.all,
        failed=body.failed,
        since=body.since,
        below_version=body.below_version,
        unit=body.unit,
        ids=tuple(body.ids) if body.ids else None,
    )
    if selection.is_empty():
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "请选择要重新处理的范围")
    batch_id = reprocess.start(settings, selection, admin.id)
    if settings.inline:
        background.add_task(reprocess.run, settings, batch_id)  # after the answer is sent
    else:
        reprocess.run(settings, batch_id)
    return _batch(settings, batch_id)


def _batch(settings: SettingsDep, batch_id: DbId) -> BatchPublic:
    data = reprocess.status(settings, batch_id)
    if data is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"未找到批次 {batch_id}")
    return BatchPublic(**data)


@router.get("/batches", response_model=list[BatchPublic], responses=ERRORS)
def list_batches(
    _admin: AdminUser, session: SessionDep, settings: SettingsDep
) -> list[BatchPublic]:
    return [_batch(settings, b.id) for b in batches.all_batches(session)]


@router.get("/batches/{batch_id}", response_model=BatchPublic, responses=ERRORS)
def get_batch(batch_id: DbId, _admin: AdminUser, settings: SettingsDep) -> BatchPublic:
    """Progress (item counts by state) and, as items finish, which fields changed."""
    return _batch(settings, batch_id)


@router.post("/batches/{batch_id}/resume", response_model=BatchPublic, responses=ERRORS)
def resume_batch(
    batch_id: DbId, _admin: AdminUser, settings: SettingsDep, background: BackgroundTasks
) -> BatchPublic:
    batch = _batch(settings, batch_id)
    if settings.inline:
        background.add_task(reprocess.run, settings, batch_id)
    else:
        reprocess.run(settings, batch_id)
    return batch


@router.post("/recover", response_model=RecoveryPublic, responses=ERRORS)
def recover(_admin: AdminUser, settings: SettingsDep) -> RecoveryPublic:
    """Re-queue (or fail visibly) submissions whose worker died."""
    found = recovery.recover(settings)
    return RecoveryPublic(requeued=found.requeued, failed=found.failed)
