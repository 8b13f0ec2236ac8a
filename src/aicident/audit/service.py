"""Checkpoints and verification of the logs: each one read of the database."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx

from aicident.audit import checkpoints
from aicident.audit.chain import canonical_json
from aicident.audit.checkpoints import AUDIT
from aicident.auth.model import Principal, authorize
from aicident.incidents.repository import LogBreak
from aicident.runtime import Runtime

log = logging.getLogger("aicident.audit")


def write_checkpoint(rt: Runtime) -> dict | None:
    """Append a signed checkpoint of the logs' heads that changed since the last one (and send it to the witness,
    when one is configured); the line written, or None when nothing changed."""
    writer = rt.checkpoints
    if writer is None:
        return None
    with rt.uow(read_only=True) as uow:
        heads, audit = uow.incidents.heads(), uow.audit.head()
    line = writer.write(heads, audit if audit[0] else None, rt.clock())
    if line is not None and rt.settings.witness_url:
        try:
            # The line's own bytes, as the file holds them: a witness that keeps each body as one line of a file has
            # a copy that `aicident verify --checkpoints` reads (each line links to the previous line's hash).
            body = canonical_json(line).encode()
            headers = {"Content-Type": "application/json"}
            httpx.post(rt.settings.witness_url, content=body, headers=headers, timeout=5.0).raise_for_status()
        except httpx.HTTPError as error:  # the file is the record; the witness is a copy kept elsewhere
            log.warning("the checkpoint witness did not take checkpoint %s: %s", line["n"], error)
    return line


def verify(
    rt: Runtime, *, principal: Principal | None = None, checkpoint_file: Path | None = None
) -> tuple[int, list[LogBreak]]:
    """Check every incident log's keyed chain and the audit log's, then compare the logs with the latest signed
    checkpoint (this process's file, or `checkpoint_file`, e.g. a copy from the witness). Returns how many incident
    logs were checked and every break, by incident (or "audit log", or "checkpoints") and entry."""
    authorize(rt.plan, principal, "verify")
    with rt.uow(read_only=True) as uow:
        checked, breaks = uow.incidents.verify()
        audit_break = uow.audit.verify()
        if audit_break is not None:
            breaks.append(LogBreak(AUDIT, audit_break.seq, audit_break.reason))
        if rt.log_keys is not None:
            path = checkpoint_file or rt.settings.checkpoint_path
            attested = checkpoints.read(path, rt.log_keys.public_key)
            breaks += [LogBreak("checkpoints", 0, problem) for problem in attested.problems]
            refs = uow.incidents.refs()

            def stored_hash(log_name: str, seq: int) -> str | None:
                return uow.audit.hash_at(seq) if log_name == AUDIT else uow.incidents.entry_hash_at(log_name, seq)

            for found in checkpoints.compare(attested, uow.incidents.heads(), stored_hash, uow.audit.head()):
                name = found.log if found.log == AUDIT else refs.get(found.log, f"incident {found.log}")
                breaks.append(LogBreak(name, found.seq, found.reason))
    return checked, breaks
