"""IP addresses (v4 and v6) as personal data: where the context names a host, server, client or address.

An IP address identifies a person's connection (GDPR recital 30; the CJEU's Breyer ruling for dynamic addresses),
so one in a model's output is a leak like an email address. Dotted numbers are also versions, builds, section
numbers and OIDs, so a dotted quad counts only when

* a word naming a network party or an address comes shortly before it (`ip`, `address`, `host`, `server`,
  `client`, `remote`, `peer`, `source`, `gateway`, `login from`, ... in the corpora's languages), or its key does
  (`"client_ip": "..."`, `<ip>`, `ip=`), or the first line of a table names an IP column and the address is a cell;
* or its form says so: a port after it (`:8080`), a user or scheme before it (`user@`, `https://`), or a log line
  that starts with it (`203.0.113.9 - - [...]`);

and never when a version, build, release, firmware, section, chapter, clause, rule, OID or standard word comes
right before it (`version 10.2.3.4`, `§ 1.2.3.4`), nor for the addresses that identify nobody: unspecified,
loopback, broadcast, and netmasks. An IPv6 address cannot be a version: it counts with a context word or when it has
at least four groups. Every candidate is validated by the standard library's `ipaddress`. Pure: no I/O, no clock.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d)")
# On the classes of an ASCII text (digits are "0"; see redact._CLASSES): the same positions, a literal first byte.
_IPV4_CLASSES = re.compile(rb"0{1,3}\.0{1,3}\.0{1,3}\.0{1,3}")
_IPV6 = re.compile(r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3}(?![\w:])")

_CONTEXT_REACH = 50
_NEGATIVE_REACH = 24
_CONTEXT = re.compile(
    r"(?i)\b(?:ips?|ipv4|ipv6|ip[ _-]?addr(?:ess)?|[a-z]+_ip|ip_[a-z]+|[a-z]+_addr(?:ess)?|addr(?:ess(?:es)?)?|adresse|direcci[oó]n|indirizzo|adres|"
    r"host(?:name)?s?|servers?|servidor|serveur|clients?|cliente|remote|peer|src|source|dst|destination|gateways?|"
    r"proxy|dns|router|log(?:ged)?[ -]?in|logins?|connect\w*|visitors?|devices?|endpoints?|origin|forwarded|nodes?|"
    r"nameservers?|resolver|vpn|firewall|blocked|banned|whitelist\w*|allowlist\w*)\b"
)
_NEGATIVE = re.compile(
    r"(?i)(?:\b(?:versions?|vers|ver|v|builds?|releases?|rel|firmware|fw|sections?|sec|chapters?|ch|clauses?|rules?|"
    r"articles?|art|paragraphs?|para|items?|steps?|oid|sku|isbn|revision|rev|patch|update|kb|standard|iso|rfc|"
    r"figure|fig|table|tab|appendix|page|p|no|nr|number|model|driver|kernel|sdk|package|pkg|upgraded? to|"
    r"downgraded? to)\b(?:\s?(?:number|no\.?|nr\.?|#|id))?|§)[^\n\w]{0,3}$"
)
_PORT_AFTER = re.compile(r":\d{1,5}\b")
_LOG_LINE_AFTER = re.compile(r" - (?:-|\S+) \[")
_HEADER_WORD = re.compile(r"(?i)(?:^|[,;\t|\"'])\s*[\w ]*\b(?:ip|ip[_ ]?address|client[_ ]?ip|remote[_ ]?addr|host)\b")
_CELL_EDGES = ",;\t|\"'"


def find(text: str, classes: bytes) -> Iterator[tuple[int, int, float, str]]:
    """(start, end, confidence, rule) of each IP address in `text` that is personal data by its context or form.

    `classes`: the text's byte classes (redact._CLASSES), which gate and, for ASCII text, speed the search.
    """
    if b"0.0" in classes:
        if len(classes) == len(text):  # ASCII: the classes' positions are the text's
            spans = ((m.start(), m.end()) for m in _IPV4_CLASSES.finditer(classes))
        else:
            spans = ((m.start(), m.end()) for m in _IPV4.finditer(text))
        for start, end in spans:
            m = _IPV4.match(text, start)
            if m is None or m.end() != end:
                continue
            found = _judge_v4(text, start, end)
            if found is not None:
                yield start, end, *found
    if "::" in text or text.count(":") >= 5:
        for m in _IPV6.finditer(text):
            found = _judge_v6(text, m.start(), m.end())
            if found is not None:
                yield m.start(), m.end(), *found


def _judge_v4(text: str, start: int, end: int) -> tuple[float, str] | None:
    try:
        address = ipaddress.IPv4Address(text[start:end])
    except ValueError:
        return None
    if address.is_unspecified or address.is_loopback or address.packed[0] == 255 or str(address) == "255.255.255.255":
        return None  # nobody's address (255.x: netmasks and broadcast)
    return _judge_context(text, start, end)


def _judge_v6(text: str, start: int, end: int) -> tuple[float, str] | None:
    value = text[start:end]
    try:
        address = ipaddress.IPv6Address(value)
    except ValueError:
        return None
    if address.is_unspecified or address.is_loopback:
        return None
    judged = _judge_context(text, start, end)
    if judged is not None:
        return judged
    groups = [g for g in value.split(":") if g]
    return (0.8, "ipv6_form") if len(groups) >= 4 else None


def _judge_context(text: str, start: int, end: int) -> tuple[float, str] | None:
    before = text[max(0, start - _CONTEXT_REACH) : start]
    if _NEGATIVE.search(before[-_NEGATIVE_REACH:]):
        return None
    if _CONTEXT.search(before):
        return 0.85, "ip_context_word"
    if _PORT_AFTER.match(text, end) or before.endswith(("@", "//", "[")):
        return 0.8, "ip_form"
    line_start = text.rfind("\n", 0, start) + 1
    if line_start == start and _LOG_LINE_AFTER.match(text, end):
        return 0.8, "ip_log_line"
    if _in_ip_column(text, start, end):
        return 0.75, "ip_table_column"
    return None


def _in_ip_column(text: str, start: int, end: int) -> bool:
    """The address is a cell of a table whose first line names an IP column."""
    if not ((start == 0 or text[start - 1] in _CELL_EDGES) and (end == len(text) or text[end] in _CELL_EDGES + "\n")):
        return False
    first_line = text[: text.find("\n")] if "\n" in text else ""
    return bool(first_line) and _HEADER_WORD.search(first_line) is not None
