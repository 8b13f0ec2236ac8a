"""Registering the people a test names: aicident refuses role holders, owners and attendees who are not registered
people, so a test registers the handles it uses (e.g. "dana", "priya") rather than loosening that rule."""

from __future__ import annotations

from collections.abc import Iterable

from aicident.auth import service as auth
from aicident.runtime import Runtime


def register_people(rt: Runtime, *handles: str, roles: Iterable[str] = (), admin: bool = False) -> None:
    """Add each handle as a person holding `roles` (an administrator with `admin`); one registered already is left
    as it is."""
    known = {p["handle"] for p in auth.list_people(rt)}
    for handle in handles:
        if handle.lower() not in known:
            auth.add_person(rt, handle=handle, roles=list(roles), admin=admin)
            known.add(handle.lower())
