"""The Guard: wraps an application's call to its model and obeys the feature's controls.

In order: the kill switch (or, with aicident unreachable, the feature's fail mode), the throttle, the inline
detectors on the input, the model (the pinned one, then the fallback routes while circuit breakers are open or the
vendor fails), the detectors on the output; then one event to the reporter. The hot path takes no lock and does no
I/O; events are queued as tuples and formatted in the reporter's thread.

Before aicident has told this process anything about a feature (a first start while it is unreachable, with no
saved copy), the Guard runs on the fail mode and fallback response the application gave it, or on the documented
default (`DEFAULT_FAIL_MODE`, "open": serve the model), and logs a warning once. Once aicident has sent the feature's
own settings they win, and the saved copy keeps them across restarts.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aicident.sdk.reporter import EventReporter
from aicident.sdk.state import ControlState, FeatureControls

if TYPE_CHECKING:
    from aicident.detectors.injection import InjectionDetector
    from aicident.detectors.leak import LeakDetector

_clock = time.perf_counter
_wall = time.time
log = logging.getLogger("aicident.sdk")

FAIL_MODES = ("open", "closed")
# What a feature does with aicident unreachable before aicident ever told this process its own fail mode.
DEFAULT_FAIL_MODE = "open"


@dataclass(frozen=True, slots=True)
class Reply:
    """What the application serves: the model's text, or the fallback response and why."""

    text: str
    served: str  # "model" or "fallback"
    reason: str = ""  # for a fallback: disabled, unreachable, throttled, blocked_input, blocked_output, vendor_error
    model: str | None = None
    findings: tuple[str, ...] = field(default=())

    @property
    def fallback(self) -> bool:
        return self.served == "fallback"


class TokenBucket:
    """`rate` requests per second with a burst of one second's worth (at least one)."""

    __slots__ = ("rate", "capacity", "tokens", "updated")

    def __init__(self, rate: float, now: float | None = None):
        self.rate = rate
        self.capacity = max(1.0, rate)
        self.tokens = self.capacity
        self.updated = _clock() if now is None else now

    def take(self, now: float) -> bool:
        if now > self.updated:
            self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
            self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


class Throttle:
    """Per feature and per user; user buckets are bounded (least recently used are forgotten)."""

    def __init__(self, max_users: int = 10_000):
        self.max_users = max_users
        self._feature: TokenBucket | None = None
        self._users: OrderedDict[str, TokenBucket] = OrderedDict()
        self._lock = threading.Lock()  # the application calls from many threads; only throttled calls take it

    def allow(self, controls: FeatureControls, user: str | None, now: float) -> bool:
        with self._lock:
            return self._allow(controls, user, now)

    def _allow(self, controls: FeatureControls, user: str | None, now: float) -> bool:
        rate = controls.rate_per_second
        if rate is not None:
            if self._feature is None or self._feature.rate != rate:
                self._feature = TokenBucket(rate, now)
            if not self._feature.take(now):
                return False
        user_rate = controls.user_rate_per_second
        if user_rate is not None and user is not None:
            bucket = self._users.get(user)
            if bucket is None or bucket.rate != user_rate:
                bucket = self._users[user] = TokenBucket(user_rate, now)
                if len(self._users) > self.max_users:
                    self._users.popitem(last=False)
            else:
                self._users.move_to_end(user)
            if not bucket.take(now):
                return False
        return True


class CircuitBreaker:
    """Opens after `threshold` consecutive vendor errors of one model; lets one trial call through after `cooldown`."""

    __slots__ = ("threshold", "cooldown", "failures", "opened_at")

    def __init__(self, threshold: int = 5, cooldown: float = 30.0):
        self.threshold = threshold
        self.cooldown = cooldown
        self.failures = 0
        self.opened_at: float | None = None

    def available(self, now: float) -> bool:
        return self.opened_at is None or now - self.opened_at >= self.cooldown

    def succeeded(self) -> None:
        self.failures = 0
        self.opened_at = None

    def failed(self, now: float) -> None:
        self.failures += 1
        if self.failures >= self.threshold:
            self.opened_at = now


class InlineDetectors:
    """The detectors' inline checks: prompt injection on the input, leaks on the output (built on first use)."""

    def __init__(self, min_confidence: float = 0.5):
        self.min_confidence = min_confidence
        self._injection: InjectionDetector | None = None
        self._leak: LeakDetector | None = None

    def check_input(self, text: str) -> tuple[str, ...]:
        if self._injection is None:
            from aicident.detectors.injection import InjectionDetector  # compiles its rules: only when asked for

            self._injection = InjectionDetector()
        assessment = self._injection.assess(text)
        if assessment.confidence >= self.min_confidence and assessment.family:
            return (f"prompt_injection:{assessment.family}",)
        return ()

    def check_output(self, text: str, given: str = "") -> tuple[str, ...]:
        if self._leak is None:
            from aicident.detectors.leak import LeakDetector

            self._leak = LeakDetector()
        return tuple(sorted({f"data_leak:{m.entity}" for m in self._leak.scan(text, given=given)}))


class Guard:
    """Obeys one feature's controls around the application's model call (`call` for sync, `acall` for async)."""

    def __init__(
        self,
        feature: str,
        state: ControlState,
        reporter: EventReporter | None,
        *,
        default_model: str | None = None,
        fail_mode: str | None = None,
        fallback_response: str = "",
        detectors: InlineDetectors | None = None,
        breaker_threshold: int = 5,
        breaker_cooldown: float = 30.0,
    ):
        if fail_mode is not None and fail_mode not in FAIL_MODES:
            raise ValueError(f"fail_mode must be one of {', '.join(FAIL_MODES)}, not {fail_mode!r}")
        self.feature = feature
        self.state = state
        self.reporter = reporter
        self.default_model = default_model
        # Until aicident has sent this feature's own: what the application said, else the documented default.
        self.fail_mode = fail_mode or DEFAULT_FAIL_MODE
        self.fail_mode_given = fail_mode is not None
        self.fallback_response = fallback_response
        self._warned = False
        self.detectors = detectors or InlineDetectors()
        self.throttle = Throttle()
        self.breaker_threshold = breaker_threshold
        self.breaker_cooldown = breaker_cooldown
        self.breakers: dict[str, CircuitBreaker] = {}

    # --- decisions ------------------------------------------------------------------------------------------------

    def controls(self) -> FeatureControls | None:
        return self.state.features.get(self.feature)

    def refusal(self, controls: FeatureControls | None, user: str | None, now: float) -> str | None:
        """Why this call must get the fallback instead of the model, or None."""
        if controls is None:
            if self.state.reachable and self.state.tag is not None:
                self._warn("aicident does not know feature %r: it runs without controls (register it)", self.feature)
                return None
            self._warn(
                "feature %r runs on fail_mode %r (%s) and the application's fallback response: aicident has not "
                "confirmed its own settings yet",
                self.feature,
                self.fail_mode,
                "given by the application" if self.fail_mode_given else "the SDK's default; pass fail_mode=",
            )
            return None if self.fail_mode == "open" else "unreachable"
        if not controls.enabled:
            return "disabled"  # known to be off: stays off whether or not the service answers
        if not self.state.reachable and controls.fail_mode == "closed":
            return "unreachable"
        if (
            controls.rate_per_second is not None or controls.user_rate_per_second is not None
        ) and not self.throttle.allow(controls, user, now):
            return "throttled"
        return None

    def _warn(self, message: str, *args: object) -> None:
        """Once per Guard: the application runs on settings aicident never confirmed."""
        if not self._warned:
            self._warned = True
            log.warning(message, *args)

    def tool_allowed(self, tool: str) -> bool:
        """Whether an agent tool may be called (the controls can switch tools off one by one)."""
        controls = self.controls()
        return controls is None or tool not in controls.disabled_tools

    def models(self, controls: FeatureControls | None) -> list[str | None]:
        """The pinned model (or the application's default), then the fallback routes, in order."""
        first = (controls.model if controls and controls.model else None) or self.default_model
        if controls and controls.model and controls.model_version:
            first = f"{controls.model}@{controls.model_version}"
        order = [first, *(controls.routes if controls else ())]
        return list(dict.fromkeys(order))

    def _fallback(self, controls: FeatureControls | None) -> str:
        return controls.fallback_response if controls and controls.fallback_response else self.fallback_response

    def _breaker(self, model: str | None) -> CircuitBreaker:
        key = model or ""
        breaker = self.breakers.get(key)
        if breaker is None:
            breaker = self.breakers[key] = CircuitBreaker(self.breaker_threshold, self.breaker_cooldown)
        return breaker

    # --- the call -------------------------------------------------------------------------------------------------

    def call(
        self,
        model_call: Callable[[str | None, str], str],
        input_text: str,
        *,
        user: str | None = None,
        session: str | None = None,
    ) -> Reply:
        """Run `model_call(model, input_text) -> output_text` under the controls; never raises for a refusal."""
        started = _clock()
        controls = self.state.features.get(self.feature)
        reason, findings = self._screen(controls, input_text, user, started)
        if reason is not None:
            return self._refuse(controls, reason, input_text, user, session, started, findings)
        error: BaseException | None = None
        for model in self.models(controls):
            breaker = self._breaker(model)
            if not breaker.available(_clock()):
                continue
            try:
                output = model_call(model, input_text)
            except Exception as exc:  # a vendor error: open the breaker, try the next route
                breaker.failed(_clock())
                error = exc
                continue
            breaker.succeeded()
            return self._served(controls, model, input_text, output, user, session, started, findings)
        return self._refuse(
            controls,
            "vendor_error",
            input_text,
            user,
            session,
            started,
            findings,
            error_code=type(error).__name__ if error else "circuit_open",
        )

    async def acall(
        self,
        model_call: Callable[[str | None, str], Awaitable[str]],
        input_text: str,
        *,
        user: str | None = None,
        session: str | None = None,
    ) -> Reply:
        """`call` for an async model call."""
        started = _clock()
        controls = self.state.features.get(self.feature)
        reason, findings = self._screen(controls, input_text, user, started)
        if reason is not None:
            return self._refuse(controls, reason, input_text, user, session, started, findings)
        error: BaseException | None = None
        for model in self.models(controls):
            breaker = self._breaker(model)
            if not breaker.available(_clock()):
                continue
            try:
                output = await model_call(model, input_text)
            except Exception as exc:
                breaker.failed(_clock())
                error = exc
                continue
            breaker.succeeded()
            return self._served(controls, model, input_text, output, user, session, started, findings)
        return self._refuse(
            controls,
            "vendor_error",
            input_text,
            user,
            session,
            started,
            findings,
            error_code=type(error).__name__ if error else "circuit_open",
        )

    def _screen(
        self, controls, input_text: str, user: str | None, started: float
    ) -> tuple[str | None, tuple[str, ...]]:
        """Before the model is called: the refusal the controls give (if any) and what the input check found."""
        reason = self.refusal(controls, user, started)
        findings: tuple[str, ...] = ()
        if reason is None and controls is not None and controls.guard_input != "off" and input_text:
            findings = self.detectors.check_input(input_text)
            if findings and controls.guard_input == "block":
                reason = "blocked_input"
        return reason, findings

    def _served(self, controls, model, input_text, output, user, session, started, findings) -> Reply:
        if controls is not None and controls.guard_output != "off" and output:
            found = self.detectors.check_output(output, input_text)
            if found:
                findings = findings + found
                if controls.guard_output == "block":
                    return self._refuse(
                        controls,
                        "blocked_output",
                        input_text,
                        user,
                        session,
                        started,
                        findings,
                        model=model,
                        output=output,
                    )
        if self.reporter is not None:
            self.reporter.report(
                (
                    self.reporter.next_id(),
                    _wall(),
                    self.feature,
                    user,
                    session,
                    model,
                    model,
                    input_text,
                    output,
                    (_clock() - started) * 1000.0,
                    "ok",
                    "flagged" if findings else "served",
                    None,
                )
            )
        return Reply(output, "model", model=model, findings=findings)

    def _refuse(
        self, controls, reason, input_text, user, session, started, findings, *, error_code=None, model=None, output=""
    ) -> Reply:
        if self.reporter is not None:
            self.reporter.report(
                (
                    self.reporter.next_id(),
                    _wall(),
                    self.feature,
                    user,
                    session,
                    model,
                    model,
                    input_text,
                    output,
                    (_clock() - started) * 1000.0,
                    "error" if reason == "vendor_error" else "refusal",
                    f"fallback:{reason}",
                    error_code,
                )
            )
        return Reply(self._fallback(controls), "fallback", reason, model=model, findings=findings)
