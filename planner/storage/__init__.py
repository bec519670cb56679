"""The database: tables, a store that checks revisions and access, and the Alembic migrations."""
