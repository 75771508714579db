"""Durable state: the database (SQLAlchemy 2 + Alembic), the original PDFs (content-addressed
blobs) and one repository module per noun (submissions, reviews, users, batches)."""
