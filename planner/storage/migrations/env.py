"""Alembic's entry point. The app runs the migrations itself (planner.storage.migrate.upgrade) on the Store's own
connection; `alembic -c planner/storage/alembic.ini ...` works too, with DATABASE_URL set."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from planner.storage.tables import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is not None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = create_engine(os.environ["DATABASE_URL"])
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
