"""Annex 1, the summary report: headings, the outline checklist, the cover."""
