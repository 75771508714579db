"""Cross-document checks and repairs, after all readers: each change recorded with its reason."""
