"""Outbound delivery: the transactional outbox and its channels."""
