"""Everything with side effects: settings, storage, queue, API, web UI and the CLI."""
