"""CCHC warehouse: extract provincial TTHC exports, validate them, load a PostgreSQL star schema."""
