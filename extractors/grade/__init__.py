"""Grading: named features to confidences and grades (`confidence`), and the Annex 3 rubric
suggestion (`rubric`)."""
