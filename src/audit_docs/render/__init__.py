"""Rendering: records and figures into what people and other tools read (JSON, text, Word)."""
