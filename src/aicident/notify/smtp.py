"""Email over SMTP (smtplib), with threading headers so every message about one incident threads together."""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Mapping
from datetime import datetime
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
from aicident.plan.schema import NotifyChannel

DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}


def _one_line(value: str) -> str:
    return " ".join(value.split())


def email_of(message: Message, *, sender: str, domain: str, now: datetime) -> EmailMessage:
    """The email for `message`: Message-ID derived from its id (the same on every retry), In-Reply-To and
    References naming the incident's thread root."""
    email = EmailMessage(policy=SMTP_POLICY)
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
        host = setting(config, "host", env)
        port_text = setting(config, "port", env, required=False)
        try:
            port = int(port_text) if port_text else DEFAULT_PORTS[config.security]
        except ValueError:
            raise PermanentFailure(
                f"channel {self.name!r}: port {port_text!r} is not a number", allowed="a TCP port, 1 to 65535"
            ) from None
        sender = setting(config, "sender", env)
        username = setting(config, "username", env, required=False)
        password = setting(config, "password", env, required=bool(username))
        domain = config.domain or sender.rpartition("@")[2] or "aicident.invalid"
        if not message.to:
            raise PermanentFailure(f"message {message.id!r} has no recipients", allowed="at least one email address")
        try:
            email = email_of(message, sender=sender, domain=domain, now=now)
        except ValueError as error:
            raise PermanentFailure(f"message {message.id!r} cannot be written as an email: {error}") from None
        what = f"SMTP server {host}:{port}"
        try:
            context = ssl.create_default_context(cafile=config.ca_file) if config.security != "none" else None
        except OSError as error:
            raise PermanentFailure(f"channel {self.name!r}: cannot read ca_file {config.ca_file!r}: {error}") from None
        try:
            if config.security == "ssl":
                client = smtplib.SMTP_SSL(host, port, timeout=config.timeout_seconds, context=context)
            else:
                client = smtplib.SMTP(host, port, timeout=config.timeout_seconds)
            try:
                if config.security == "starttls":
                    client.starttls(context=context)
                if username:
                    client.login(username, password)
                refused = client.send_message(email, from_addr=sender, to_addrs=list(message.to))
            finally:
                try:
                    client.quit()
                except (smtplib.SMTPException, OSError):
                    client.close()  # the message was accepted (or not) before QUIT: its answer changes nothing
        except smtplib.SMTPAuthenticationError as error:
            raise PermanentFailure(
                f"{what} refused the credentials of channel {self.name!r}: {error.smtp_code} {_text(error.smtp_error)}",
                allowed="fix username_env / password_env",
            ) from None
        except smtplib.SMTPRecipientsRefused as error:
            codes = {address: code for address, (code, _) in error.recipients.items()}
            detail = f"{what} refused every recipient: " + ", ".join(f"{a} ({c})" for a, c in codes.items())
            if all(code >= 500 for code in codes.values()):
                raise PermanentFailure(detail, allowed="valid email addresses") from None
            raise TransientFailure(detail) from None
        except smtplib.SMTPNotSupportedError as error:
            raise PermanentFailure(
                f"{what} does not support what channel {self.name!r} asks: {error}",
                allowed="change security or drop the credentials",
            ) from None
        except smtplib.SMTPResponseException as error:
            detail = f"{what} answered {error.smtp_code} {_text(error.smtp_error)}"
            if error.smtp_code >= 500:
                raise PermanentFailure(detail) from None
            raise TransientFailure(detail) from None
        except ssl.SSLCertVerificationError as error:
            raise PermanentFailure(f"{what}: the TLS certificate does not verify: {error.verify_message}") from None
        except (smtplib.SMTPException, OSError) as error:  # refused, reset, timed out, disconnected
            raise TransientFailure(unreachable(error, host, port, config.timeout_seconds)) from None
        note = ("refused: " + ", ".join(sorted(refused))) if refused else ""
        return Sent(note=note)


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
