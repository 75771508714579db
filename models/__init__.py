"""Typed data shared by extraction and the service: the result contract, the programme's
templates (outline, directions, rubric) and the error types."""
