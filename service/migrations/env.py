"""Alembic environment: runs the versions in this folder against the URL the caller put in the
config (service.storage.db.upgrade). On PostgreSQL an advisory lock serialises concurrent
startups, so many workers and API replicas can all run `upgrade` safely."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool, text

from service.storage.tables import Base

MIGRATION_LOCK = 0x70696C6F74  # "pilot": any constant shared by every process

config = context.config
target_metadata = Base.metadata


def run_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        postgres = connection.dialect.name == "postgresql"
        if postgres:
            connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK})
            connection.commit()
        try:
            # render_as_batch: SQLite cannot ALTER most things; batch mode copies the table.
            context.configure(
                connection=connection, target_metadata=target_metadata, render_as_batch=True
            )
            with context.begin_transaction():
                context.run_migrations()
        finally:
            if postgres:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK})
                connection.commit()
    engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
