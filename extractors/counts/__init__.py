"""Achieved quantities stated in the report, with their evidence."""
