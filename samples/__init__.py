"""Synthetic 5G+医疗健康 submissions (PDF + truth) for developing and measuring the pipeline."""
