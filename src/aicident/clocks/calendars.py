"""The calendars regulatory clocks are counted on: the organisation's own, or the regulator's.

A clock is counted where the duty is owed, not where the organisation sits:

- ``organisation``: the plan's ``[calendar]`` (its time zone, working week and holidays). Internal deadlines and
  clocks that name no calendar use it.
- ``us_federal``: the days the US Securities and Exchange Commission is open for business, in Eastern time:
  weekdays except the legal public holidays of 5 U.S.C. 6103(a) and the days the federal government is closed by
  executive order (the `holidays` package's US "government" category), which the Commission treats as federal
  holidays for filing purposes.
- ``eu_member_state:<CC>``: the public holidays of that EU Member State (or EEA EFTA state) and the time zone of its
  capital, as Regulation (EEC, Euratom) No 1182/71 Art. 2(1) counts them: "all days designated as such in the
  Member State ... in which action is to be taken". ``<CC>-<SUB>`` adds a region's holidays (e.g. ``DE-BE``).
  A bare ``eu_member_state`` takes the state from the incident: the state each jurisdiction names, or the state
  the plan's ``[member_states]`` names for it (e.g. ``EU = "IE"`` for a lead supervisory authority).
- ``us_state:<SS>``: a US state's public holidays in the time zone of its capital (state breach laws).

Pure: nothing here reads the clock or does I/O.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import time

import holidays

from aicident.clocks.model import BusinessCalendar
from aicident.errors import InvalidInput

ORGANISATION = "organisation"
US_FEDERAL = "us_federal"
EU_MEMBER_STATE = "eu_member_state"
US_STATE = "us_state"

# EU Member States and the EEA EFTA states (GDPR applies there too): name and the IANA zone of the capital.
MEMBER_STATES: dict[str, tuple[str, str]] = {
    "AT": ("Austria", "Europe/Vienna"),
    "BE": ("Belgium", "Europe/Brussels"),
    "BG": ("Bulgaria", "Europe/Sofia"),
    "HR": ("Croatia", "Europe/Zagreb"),
    "CY": ("Cyprus", "Asia/Nicosia"),
    "CZ": ("Czechia", "Europe/Prague"),
    "DK": ("Denmark", "Europe/Copenhagen"),
    "EE": ("Estonia", "Europe/Tallinn"),
    "FI": ("Finland", "Europe/Helsinki"),
    "FR": ("France", "Europe/Paris"),
    "DE": ("Germany", "Europe/Berlin"),
    "GR": ("Greece", "Europe/Athens"),
    "HU": ("Hungary", "Europe/Budapest"),
    "IE": ("Ireland", "Europe/Dublin"),
    "IT": ("Italy", "Europe/Rome"),
    "LV": ("Latvia", "Europe/Riga"),
    "LT": ("Lithuania", "Europe/Vilnius"),
    "LU": ("Luxembourg", "Europe/Luxembourg"),
    "MT": ("Malta", "Europe/Malta"),
    "NL": ("the Netherlands", "Europe/Amsterdam"),
    "PL": ("Poland", "Europe/Warsaw"),
    "PT": ("Portugal", "Europe/Lisbon"),
    "RO": ("Romania", "Europe/Bucharest"),
    "SK": ("Slovakia", "Europe/Bratislava"),
    "SI": ("Slovenia", "Europe/Ljubljana"),
    "ES": ("Spain", "Europe/Madrid"),
    "SE": ("Sweden", "Europe/Stockholm"),
    "IS": ("Iceland", "Atlantic/Reykjavik"),
    "LI": ("Liechtenstein", "Europe/Vaduz"),
    "NO": ("Norway", "Europe/Oslo"),
}

# US states (and DC): the IANA zone of the capital.
US_STATES: dict[str, str] = {
    **dict.fromkeys(
        ("CT", "DC", "DE", "FL", "GA", "KY", "MA", "MD", "ME", "NC", "NH", "NJ", "NY", "OH", "PA", "RI", "SC", "VA")
        + ("VT", "WV"),
        "America/New_York",
    ),
    **dict.fromkeys(
        ("AL", "AR", "IA", "IL", "KS", "LA", "MN", "MO", "MS", "ND", "NE", "OK", "SD", "TN", "TX", "WI"),
        "America/Chicago",
    ),
    **dict.fromkeys(("CO", "MT", "NM", "UT", "WY"), "America/Denver"),
    **dict.fromkeys(("CA", "NV", "OR", "WA"), "America/Los_Angeles"),
    "AK": "America/Juneau",
    "AZ": "America/Phoenix",
    "HI": "Pacific/Honolulu",
    "ID": "America/Boise",
    "IN": "America/Indiana/Indianapolis",
    "MI": "America/Detroit",
}

CALENDAR_FORMS = (
    f"{ORGANISATION}, {US_FEDERAL}, {EU_MEMBER_STATE} (the state from the incident's jurisdictions), "
    f"{EU_MEMBER_STATE}:<CC> or {EU_MEMBER_STATE}:<CC>-<region> (CC one of {', '.join(sorted(MEMBER_STATES))}), "
    f"{US_STATE}:<state> (e.g. {US_STATE}:FL)"
)
_PLACE = re.compile(r"^(?P<country>[A-Z]{2})(?:-(?P<region>[A-Z0-9]{1,3}))?$")


@dataclass(frozen=True)
class CalendarName:
    """A calendar as a plan names it: its kind and, for a Member State or a US state, the place."""

    kind: str
    place: str | None = None

    def __str__(self) -> str:
        return f"{self.kind}:{self.place}" if self.place else self.kind


def parse_calendar_name(text: str) -> CalendarName:
    """Read 'organisation', 'us_federal', 'eu_member_state', 'eu_member_state:DE' or 'us_state:FL'."""
    kind, _, place = (text or "").strip().partition(":")
    place = place.strip().upper()
    if kind in (ORGANISATION, US_FEDERAL) and not place:
        return CalendarName(kind)
    if kind == EU_MEMBER_STATE:
        if not place:
            return CalendarName(kind)
        member_state_calendar(place)  # refuses an unknown state or region
        return CalendarName(kind, place)
    if kind == US_STATE and place in US_STATES:
        return CalendarName(kind, place)
    raise InvalidInput(f"{text!r} is not a calendar", allowed=CALENDAR_FORMS)


@functools.lru_cache(maxsize=1)
def us_federal_calendar() -> BusinessCalendar:
    """The Commission's days of business: weekdays except federal holidays and federal closures, Eastern time."""
    return BusinessCalendar(
        time_zone="America/New_York",
        country="US",
        categories=("government",),
        day_ends=time(17, 30),
        name="the SEC's business days (weekdays except US federal holidays and federal closures), Eastern time "
        "(America/New_York)",
    )


@functools.lru_cache(maxsize=128)
def member_state_calendar(place: str) -> BusinessCalendar:
    """The working days of an EU Member State (CC) or of one of its regions (CC-SUB), in its capital's zone."""
    match = _PLACE.match(place.upper())
    if match is None or match["country"] not in MEMBER_STATES:
        raise InvalidInput(
            f"{place!r} is not an EU Member State or EEA EFTA state",
            allowed="one of " + ", ".join(sorted(MEMBER_STATES)) + ", optionally with a region (e.g. DE-BE)",
        )
    name, zone = MEMBER_STATES[match["country"]]
    region = match["region"]
    regions = holidays.list_supported_countries().get(match["country"], [])
    if region and region not in regions:
        raise InvalidInput(
            f"{place!r}: {name} has no region {region!r} in the holiday calendars",
            allowed=f"{match['country']}, or {match['country']}-<region> with a region of "
            + (", ".join(regions) or "(none)"),
        )
    return BusinessCalendar(
        time_zone=zone,
        country=match["country"],
        subdivision=region,
        name=f"the working days and public holidays of {name}{' (' + region + ')' if region else ''} ({zone})",
    )


@functools.lru_cache(maxsize=64)
def us_state_calendar(state: str) -> BusinessCalendar:
    if state not in US_STATES:
        raise InvalidInput(f"{state!r} is not a US state", allowed=", ".join(sorted(US_STATES)))
    return BusinessCalendar(
        time_zone=US_STATES[state],
        country="US",
        subdivision=state,
        name=f"the public holidays of US-{state} ({US_STATES[state]})",
    )


def member_states_for(
    incident_jurisdictions: list[str], clock_jurisdictions: list[str], named: dict[str, str]
) -> list[str]:
    """The Member States (or regions, CC-SUB) whose authority a clock's report goes to, from the jurisdictions the
    incident names that the clock covers: the plan's `named` state for a jurisdiction (or for its country) first,
    else the jurisdiction's own country when it is a Member State. Empty when none names a state (e.g. only "EU")."""
    found: list[str] = []
    for place in incident_jurisdictions:
        country = place.split("-", 1)[0]
        if clock_jurisdictions and place not in clock_jurisdictions and country not in clock_jurisdictions:
            continue
        state = named.get(place) or named.get(country) or (country if country in MEMBER_STATES else None)
        if state and state not in found:
            found.append(state)
    return found


def calendar_for(name: CalendarName, organisation: BusinessCalendar, *, place: str | None = None) -> BusinessCalendar:
    """The calendar `name` stands for; a bare eu_member_state needs the `place` resolved for the incident."""
    if name.kind == ORGANISATION:
        return organisation
    if name.kind == US_FEDERAL:
        return us_federal_calendar()
    if name.kind == US_STATE and name.place:
        return us_state_calendar(name.place)
    if name.kind == EU_MEMBER_STATE and (name.place or place):
        return member_state_calendar(name.place or place or "")
    raise InvalidInput(f"calendar {str(name)!r} needs a Member State", allowed=CALENDAR_FORMS)
