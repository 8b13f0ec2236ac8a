"""Email over SMTP (smtplib), with threading headers so every message about one incident threads together."""

from __future__ import annotations

import atexit
import smtplib
import socket
import ssl
from collections.abc import Mapping
from datetime import datetime
from email.headerregistry import HeaderRegistry
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime

from aicident.notify.channels import setting
from aicident.notify.model import (
    Message,
    PermanentFailure,
    Sent,
    TransientFailure,
    email_message_id,
    thread_root_id,
)
from aicident.notify.pool import IdlePool
from aicident.plan.schema import NotifyChannel

DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}
IDLE_SECONDS = 30.0  # an idle connection older than this is closed rather than reused (servers drop idle sessions)
FRESH_SECONDS = 2.0  # a connection used this recently is reused without asking the server first (NOOP)


class _Headers(HeaderRegistry):
    """The standard header classes, each made once: the stock registry builds a new class for every header it is
    asked for, which made up most of the cost of writing an email."""

    def __init__(self) -> None:
        super().__init__()
        self._made: dict[str, type] = {}

    def __getitem__(self, name: str) -> type:
        key = name.lower()
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = super().__getitem__(name)
        return made


POLICY = SMTP_POLICY.clone(header_factory=_Headers())


def _alive(client: smtplib.SMTP) -> bool:
    try:
        return client.noop()[0] == 250
    except (smtplib.SMTPException, OSError):
        return False


def _close(client: smtplib.SMTP) -> None:
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()  # the message was accepted (or not) before QUIT: its answer changes nothing


def _usable(client: smtplib.SMTP, idle_for: float) -> bool:
    """Used a moment ago, or a NOOP says the server still holds the session."""
    return idle_for <= FRESH_SECONDS or _alive(client)


# Open sessions by server and credentials: a message reuses one instead of paying for TCP, TLS and AUTH again.
CONNECTIONS: IdlePool[smtplib.SMTP] = IdlePool(_close, idle_seconds=IDLE_SECONDS)
atexit.register(CONNECTIONS.close_all)


def _one_line(value: str) -> str:
    return " ".join(value.split())


def email_of(message: Message, *, sender: str, domain: str, now: datetime) -> EmailMessage:
    """The email for `message`: Message-ID derived from its id (the same on every retry), In-Reply-To and
    References naming the incident's thread root."""
    email = EmailMessage(policy=POLICY)
    email["From"] = sender
    email["To"] = ", ".join(message.to)
    email["Subject"] = _one_line(message.subject)
    email["Date"] = format_datetime(now)
    email["Message-ID"] = email_message_id(message.id, domain)
    root = thread_root_id(message, domain)
    if root:
        email["In-Reply-To"] = root
        email["References"] = root
    if message.incident_ref:
        email["X-Aicident-Incident"] = _one_line(message.incident_ref)
    email["X-Aicident-Kind"] = _one_line(message.kind)
    email.set_content(message.text)
    return email


class SmtpChannel:
    def __init__(self, config: NotifyChannel, environ: Mapping[str, str]):
        self.name = config.name
        self.config = config
        self.environ = environ

    def send(self, message: Message, *, now: datetime) -> Sent:
        config, env = self.config, self.environ
        host, port = setting(config, "host", env), self._port()
        sender = setting(config, "sender", env)
        username = setting(config, "username", env, required=False)
        password = setting(config, "password", env, required=bool(username))
        email = self._email(message, sender, now)
        key = (host, port, config.security, config.ca_file, config.timeout_seconds, username, password)
        try:
            client = CONNECTIONS.take(key, _usable) or self._connect(host, port, username, password)
            try:
                refused = client.send_message(email, from_addr=sender, to_addrs=list(message.to))
            except BaseException:
                _close(client)  # its state after a failed transaction is not worth trusting
                raise
            CONNECTIONS.give_back(key, client, keep=config.concurrency)
        except OSError as error:  # smtplib's and ssl's errors are OSErrors too
            raise self._failure(error, host, port) from None
        note = ("refused: " + ", ".join(sorted(refused))) if refused else ""
        return Sent(note=note)

    def _connect(self, host: str, port: int, username: str | None, password: str | None) -> smtplib.SMTP:
        config = self.config
        context = self._tls_context()
        client: smtplib.SMTP
        if config.security == "ssl":
            client = smtplib.SMTP_SSL(host, port, timeout=config.timeout_seconds, context=context)
        else:
            client = smtplib.SMTP(host, port, timeout=config.timeout_seconds)
        try:
            if config.security == "starttls":
                client.starttls(context=context)
            if username and password is not None:  # a username makes the password required
                client.login(username, password)
        except BaseException:
            _close(client)
            raise
        return client

    def _port(self) -> int:
        port_text = setting(self.config, "port", self.environ, required=False)
        try:
            return int(port_text) if port_text else DEFAULT_PORTS[self.config.security]
        except ValueError:
            raise PermanentFailure(
                f"channel {self.name!r}: port {port_text!r} is not a number", allowed="a TCP port, 1 to 65535"
            ) from None

    def _email(self, message: Message, sender: str, now: datetime) -> EmailMessage:
        domain = self.config.domain or sender.rpartition("@")[2] or "aicident.invalid"
        if not message.to:
            raise PermanentFailure(f"message {message.id!r} has no recipients", allowed="at least one email address")
        try:
            return email_of(message, sender=sender, domain=domain, now=now)
        except ValueError as error:
            raise PermanentFailure(f"message {message.id!r} cannot be written as an email: {error}") from None

    def _tls_context(self) -> ssl.SSLContext | None:
        config = self.config
        try:
            return ssl.create_default_context(cafile=config.ca_file) if config.security != "none" else None
        except OSError as error:
            raise PermanentFailure(f"channel {self.name!r}: cannot read ca_file {config.ca_file!r}: {error}") from None

    def _failure(self, error: OSError, host: str, port: int) -> PermanentFailure | TransientFailure:
        """What an error talking to the server means: worth retrying, or not until the settings change."""
        what = f"SMTP server {host}:{port}"
        if isinstance(error, smtplib.SMTPAuthenticationError):
            return PermanentFailure(
                f"{what} refused the credentials of channel {self.name!r}: {error.smtp_code} {_text(error.smtp_error)}",
                allowed="fix username_env / password_env",
            )
        if isinstance(error, smtplib.SMTPRecipientsRefused):
            codes = {address: code for address, (code, _) in error.recipients.items()}
            detail = f"{what} refused every recipient: " + ", ".join(f"{a} ({c})" for a, c in codes.items())
            if all(code >= 500 for code in codes.values()):
                return PermanentFailure(detail, allowed="valid email addresses")
            return TransientFailure(detail)
        if isinstance(error, smtplib.SMTPNotSupportedError):
            return PermanentFailure(
                f"{what} does not support what channel {self.name!r} asks: {error}",
                allowed="change security or drop the credentials",
            )
        if isinstance(error, smtplib.SMTPResponseException):
            detail = f"{what} answered {error.smtp_code} {_text(error.smtp_error)}"
            return PermanentFailure(detail) if error.smtp_code >= 500 else TransientFailure(detail)
        if isinstance(error, ssl.SSLCertVerificationError):
            return PermanentFailure(f"{what}: the TLS certificate does not verify: {error.verify_message}")
        # refused, reset, timed out, disconnected
        return TransientFailure(unreachable(error, host, port, self.config.timeout_seconds))


def unreachable(error: BaseException, host: str, port: int, timeout: float) -> str:
    """Why an SMTP server could not be talked to, in words that say what to look at."""
    if isinstance(error, ConnectionRefusedError):
        return f"connection refused by {host}:{port}"
    if isinstance(error, TimeoutError):
        return f"no answer from {host}:{port} within {timeout:g} s"
    if isinstance(error, socket.gaierror):
        return f"cannot resolve the host name {host!r} ({error.strerror})"
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return f"{host}:{port} closed the connection ({error})"
    return f"SMTP server {host}:{port}: {type(error).__name__}: {error}"


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
