"""The documents audit-docs publishes: one module a kind (see publish.py)."""
