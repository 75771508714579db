"""Scoring results against ground truth, exactly by the rules in shared/contract/README.md."""
