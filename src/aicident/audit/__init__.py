"""Append-only, hash-chained histories and their verification."""
