"""Reading Excel trackers: workbooks, sheets, cells."""
