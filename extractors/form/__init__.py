"""Annex 2, the application form: ruled cells, field values, the nine direction boxes, signing."""
