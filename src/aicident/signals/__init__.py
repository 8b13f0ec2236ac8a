"""Inbound signals: the native payloads monitoring tools and customers send, normalised into signal events.

``model`` holds the normalised shapes, ``formats`` the pure parsers (one per wire format) and their registry. Dedup,
routing rules and signal -> incident live beside them and build on these shapes.
"""
