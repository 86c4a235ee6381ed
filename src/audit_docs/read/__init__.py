"""Reading: Word forms and Excel trackers into typed records, with their problems as data."""
