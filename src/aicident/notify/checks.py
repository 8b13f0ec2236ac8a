"""Checking a channel without sending anything: its settings are there, its server answers, its credentials are
accepted. SMTP: connect, EHLO, STARTTLS when configured, AUTH when it has credentials, QUIT (never MAIL, RCPT or
DATA). HTTP channels: a HEAD request to the URL (a removed webhook answers 404 or 410, a refused one 401 or 403).
PagerDuty's routing key is not checked: the Events API has no call that checks it without opening an alert."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import httpx

from aicident.notify.channels import setting
from aicident.notify.http import PAGERDUTY_EVENTS_URL, shared_client, unreachable
from aicident.notify.model import PermanentFailure, webhook_signature
from aicident.notify.smtp import DEFAULT_PORTS
from aicident.notify.smtp import unreachable as smtp_unreachable
from aicident.plan.schema import NotifyChannel


@dataclass(frozen=True)
class Finding:
    """What checking one channel found: what passed, and the problem with what to do about it."""

    channel: str
    type: str
    target: str = ""
    checked: tuple[str, ...] = ()
    problem: str = ""
    fix: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.problem

    def as_dict(self) -> dict:
        return {
            "channel": self.channel,
            "type": self.type,
            "target": self.target,
            "ok": self.ok,
            "checked": list(self.checked),
            "problem": self.problem or None,
            "fix": self.fix or None,
            "notes": list(self.notes),
        }


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _env_hint(config: NotifyChannel, *keys: str) -> str:
    names = [getattr(config, f"{key}_env", None) for key in keys]
    return " / ".join(n for n in names if n)


def check_smtp(config: NotifyChannel, environ: Mapping[str, str]) -> Finding:
    found = Finding(config.name, config.type)
    try:
        host = setting(config, "host", environ)
        port_text = setting(config, "port", environ, required=False)
        port = int(port_text) if port_text else DEFAULT_PORTS[config.security]
        setting(config, "sender", environ)
        username = setting(config, "username", environ, required=False)
        password = setting(config, "password", environ, required=bool(username))
    except PermanentFailure as error:
        return _with(found, problem=error.message, fix=error.allowed or "")
    except ValueError:
        return _with(found, problem=f"port {port_text!r} is not a number", fix="a TCP port, 1 to 65535")
    target = f"{host}:{port}"
    found = _with(found, target=target, checked=("settings",))
    where = _env_hint(config, "host", "port")
    client: smtplib.SMTP
    try:
        context = ssl.create_default_context(cafile=config.ca_file) if config.security != "none" else None
        if config.security == "ssl":
            client = smtplib.SMTP_SSL(host, port, timeout=config.timeout_seconds, context=context)
        else:
            client = smtplib.SMTP(host, port, timeout=config.timeout_seconds)
    except ssl.SSLCertVerificationError as error:
        return _with(
            found,
            problem=f"{target}: the TLS certificate does not verify: {error.verify_message}",
            fix="set ca_file to the CA that signed it, or use a certificate a public CA signed",
        )
    except OSError as error:
        return _with(
            found,
            problem=smtp_unreachable(error, host, port, config.timeout_seconds),
            fix=f"start the mail server at {target}, or point the channel at one"
            + (f" ({where} in the environment of aicident)" if where else ""),
        )
    return _talk(client, found, config, context, username, password)


def _talk(client, found: Finding, config: NotifyChannel, context, username, password) -> Finding:
    checked, notes = [*found.checked, "connection"], []
    try:
        try:
            code, answer = client.ehlo()
            if code != 250:
                return _with(
                    found,
                    checked=tuple(checked),
                    problem=f"EHLO answered {code} {_text(answer)}",
                    fix="a server that speaks ESMTP",
                )
            checked.append("EHLO")
            if config.security == "starttls":
                client.starttls(context=context)
                client.ehlo()
                checked.append("STARTTLS")
            if username:
                client.login(username, password)
                checked.append("AUTH")
            elif client.has_extn("auth"):
                notes.append("the server offers AUTH; the channel sends no credentials")
        finally:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()
    except smtplib.SMTPAuthenticationError as error:
        return _with(
            found,
            checked=tuple(checked),
            problem=f"{found.target} refused the credentials: {error.smtp_code} {_text(error.smtp_error)}",
            fix=f"set {_env_hint(config, 'username', 'password') or 'username_env / password_env'} "
            "to credentials the server accepts",
        )
    except smtplib.SMTPNotSupportedError as error:
        return _with(
            found,
            checked=tuple(checked),
            problem=f"{found.target} does not support it: {error}",
            fix="change security, or drop the credentials",
        )
    except ssl.SSLCertVerificationError as error:
        return _with(
            found,
            checked=tuple(checked),
            problem=f"{found.target}: the TLS certificate does not verify: {error.verify_message}",
            fix="set ca_file to the CA that signed it",
        )
    except (smtplib.SMTPException, OSError) as error:
        host, _, port = found.target.rpartition(":")
        return _with(
            found,
            checked=tuple(checked),
            problem=smtp_unreachable(error, host, int(port), config.timeout_seconds),
            fix="check that the mail server runs and speaks SMTP there",
        )
    return _with(found, checked=tuple(checked), notes=tuple(notes))


def check_http(config: NotifyChannel, environ: Mapping[str, str]) -> Finding:
    found = Finding(config.name, config.type)
    pagerduty = config.type == "pagerduty"
    try:
        url = setting(config, "url", environ, required=not pagerduty) or PAGERDUTY_EVENTS_URL
        if config.type == "webhook":
            webhook_signature(setting(config, "secret", environ) or "", "check", 0, b"")
        if pagerduty:
            setting(config, "routing_key", environ)
    except PermanentFailure as error:
        return _with(found, problem=error.message, fix=error.allowed or "")
    except ValueError:
        return _with(
            found,
            problem=f"the secret in {config.secret_env} is not a whsec_ secret",
            fix="whsec_ followed by base64 (24 to 64 random bytes)",
        )
    what = f"{config.type} channel {config.name!r}"
    try:
        target = httpx.URL(url).netloc.decode()
    except (httpx.InvalidURL, TypeError):
        return _with(found, problem=f"{what}: the URL is not usable", fix=f"set {config.url_env or 'url'} to a URL")
    found = _with(found, target=target, checked=("settings",))
    try:
        response = shared_client().head(url, timeout=config.timeout_seconds)
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
        return _with(found, problem=f"{what}: the URL is not usable: {error}", fix=f"set {config.url_env or 'url'}")
    except httpx.TransportError as error:
        return _with(
            found,
            problem=unreachable(error, url, what),
            fix=f"check that {target} runs and that this host may reach it",
        )
    return _answered(found, what, response.status_code, config, pagerduty)


def _answered(found: Finding, what: str, status: int, config: NotifyChannel, pagerduty: bool) -> Finding:
    checked = (*found.checked, "reachable")
    setting_name = config.url_env or "url"
    if status in (404, 410) and not pagerduty:
        return _with(
            found,
            checked=checked,
            problem=f"{what}: {found.target} answered HTTP {status} to HEAD: the URL is wrong or the "
            "webhook was removed",
            fix=f"create the webhook again and set {setting_name} to its URL",
        )
    if status in (401, 403):
        return _with(
            found,
            checked=checked,
            problem=f"{what}: {found.target} refuses access (HTTP {status})",
            fix=f"check {setting_name} and the webhook's permissions",
        )
    if status >= 500:
        return _with(
            found,
            checked=checked,
            problem=f"{what}: {found.target} answered HTTP {status} (a server error)",
            fix="check the receiver; messages are retried until it answers",
        )
    notes = [f"HTTP {status} to HEAD"]
    if pagerduty:
        notes.append("the routing key is not checked: PagerDuty has no call that checks it without opening an alert")
    return _with(found, checked=checked, notes=tuple(notes))


def _with(found: Finding, **changes) -> Finding:
    return Finding(**{**found.__dict__, **changes})


CHECKS: dict[str, Callable[[NotifyChannel, Mapping[str, str]], Finding]] = {
    "smtp": check_smtp,
    "slack": check_http,
    "teams": check_http,
    "webhook": check_http,
    "pagerduty": check_http,
}


def check_channel(config: NotifyChannel, environ: Mapping[str, str]) -> Finding:
    check = CHECKS.get(config.type)
    if check is None:
        return Finding(config.name, config.type, notes=(f"no check for channel type {config.type!r}",))
    return check(config, environ)
