"""audit_docs: children's services case audit forms and trackers in, QA reports out.

The package is a pipeline whose folders are its stages: ``read`` (Word forms and Excel
trackers into typed records), ``store`` (the SQLite audit store), ``compute`` (figures),
``render`` (Word, JSON and text outputs) and ``jobs`` (one function per CLI command).
"""

__version__ = "0.1.0"
