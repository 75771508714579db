"""The HTTP API (FastAPI): uploads, reading results, reviewing, administration and health.
Build the app with service.api.app.create_app(); nothing is built at import time."""
