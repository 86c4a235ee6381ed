"""Jobs: one function per CLI command, wiring the read → store → compute → render stages."""
