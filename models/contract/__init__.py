"""A copy of shared/contract/ kept in sync by tests/models/test_contract.py."""
