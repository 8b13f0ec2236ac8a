"""Who receives a message: people of the plan's directory and of aicident's people, by role and group (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from aicident.plan.schema import Plan


@dataclass(frozen=True)
class Contact:
    handle: str
    name: str
    email: str


def role_contacts(
    plan: Plan, role: str, *, incident_roles: dict[str, str], people: list[Contact], people_roles: dict[str, set[str]]
) -> list[Contact]:
    """The person holding `role` on the incident, the directory's staffing of it, and people whose profile has it."""
    by_handle = {p.handle: p for p in people}
    directory = {p.id: Contact(p.id, p.name, p.email) for p in plan.directory.people}
    found: dict[str, Contact] = {}
    holder = incident_roles.get(role)
    if holder:
        contact = by_handle.get(holder) or directory.get(holder)
        if contact:
            found[contact.handle] = contact
    staffing = plan.directory.roles.get(role)
    for person_id in staffing.people if staffing else []:
        if person_id in directory:
            found.setdefault(person_id, directory[person_id])
    for handle, roles in people_roles.items():
        if role in roles and handle in by_handle:
            found.setdefault(handle, by_handle[handle])
    return list(found.values())


def group_contacts(plan: Plan, group: str, **who) -> list[Contact]:
    chosen = plan.directory.groups.get(group)
    if chosen is None:
        return []
    directory = {p.id: Contact(p.id, p.name, p.email) for p in plan.directory.people}
    found: dict[str, Contact] = {}
    for role in chosen.roles:
        for contact in role_contacts(plan, role, **who):
            found.setdefault(contact.handle, contact)
    for person_id in chosen.people:
        if person_id in directory:
            found.setdefault(person_id, directory[person_id])
    return list(found.values())


def emails(contacts: list[Contact]) -> list[str]:
    return sorted({c.email for c in contacts if c.email})


def contacts_of(uow) -> tuple[list[Contact], dict[str, set[str]]]:
    """aicident's people (enabled ones) and the plan roles in their profiles."""
    rows = uow.people.all()
    return (
        [Contact(r.handle, r.name, r.email) for r in rows if r.disabled_at is None],
        {r.handle: set(r.roles) for r in rows if r.disabled_at is None},
    )


def internal_recipients(plan: Plan, incident, *, who: dict, only_group: str | None = None) -> list[str]:
    """The severity's notify list (Section 3: roles and groups, some only while a fact holds) plus the internal
    audience's groups; `only_group` instead for the owning-team-only cadence."""
    delivery = plan.comms.audiences.get("internal")
    groups = list(delivery.groups) if delivery else []
    contacts: list[Contact] = []
    if only_group:
        groups = [only_group]
    elif incident.severity:
        for target in plan.severity(incident.severity).notify:
            if target.when and not all(incident.facts.truth(f) for f in target.when):
                continue
            if target.role:
                contacts += role_contacts(plan, target.role, **who)
            if target.group:
                groups.append(target.group)
    for group in groups:
        contacts += group_contacts(plan, group, **who)
    return emails(contacts)
