"""Test-only builders that write real Office files in code (no templates, no Word needed)."""
