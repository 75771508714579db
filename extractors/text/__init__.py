"""Text helpers every reader shares: normalisation, visual rows, dates."""
