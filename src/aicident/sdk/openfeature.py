"""An OpenFeature provider (openfeature-sdk) over the SDK's controls, for applications that read flags through
OpenFeature already.

Flag keys and values are those of the flagd export (`aicident.containment.flags`): `<feature>.enabled` (boolean:
the kill switch), `<feature>.model` (string: the pinned model, with `@version` when one is pinned),
`<feature>.fallback_response` and `<feature>.fail_mode` (string), `<feature>.rate_per_second` and
`<feature>.user_rate_per_second` (float), `<feature>.controls` (object: all of them). A control that is not set
resolves to the application's default (reason DEFAULT); with aicident unreachable, `enabled` follows the feature's
fail mode, as the Guard does, and every value's reason is STALE.

Provider events, per the OpenFeature specification (section 5): `initialize` waits for the first answer from
aicident and fails (PROVIDER_ERROR) when there is none; PROVIDER_READY when aicident answers (again),
PROVIDER_STALE once the stream has been lost for the client's `unreachable_after` seconds (the flags then resolve
from the last known controls), PROVIDER_CONFIGURATION_CHANGED after every change of the controls.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping, Sequence

from openfeature.evaluation_context import EvaluationContext
from openfeature.event import ProviderEventDetails
from openfeature.exception import ErrorCode, ProviderNotReadyError
from openfeature.flag_evaluation import FlagResolutionDetails, FlagValueType, Reason
from openfeature.provider import AbstractProvider, Metadata

from aicident.containment.flags import FLAG_FIELDS
from aicident.sdk.client import Client

# After a failed initialize the SDK emits PROVIDER_ERROR itself, just after initialize returns; a READY that comes
# sooner waits this long so that it is not overtaken by that ERROR.
_AFTER_FAILED_INIT = 0.2


class AicidentProvider(AbstractProvider):
    """Resolves flags from an aicident SDK Client; started by OpenFeature's initialize unless already running."""

    def __init__(self, client: Client, *, start: bool = True, wait: float = 2.0):
        super().__init__()
        self.client = client
        self._start = start
        self._wait = wait
        self._initializing = False
        self._failed_at: float | None = None
        client.state.on_change(self._changed)
        client.state.on_connection(self._connection)

    def get_metadata(self) -> Metadata:
        return Metadata(name="aicident")

    def initialize(self, evaluation_context: EvaluationContext) -> None:
        """Start the client and wait (up to `wait` s) for aicident's first answer; fail when there is none, so that
        the application sees PROVIDER_ERROR (and later PROVIDER_READY) rather than a READY that knows nothing."""
        self._initializing = True
        try:
            if self._start:
                self.client.start(wait=self._wait)
            else:
                self.client.sync.first.wait(self._wait)
            if not self.client.state.connected:
                self._failed_at = time.monotonic()
                known = "the last known controls" if self.client.state.tag else "no controls yet"
                raise ProviderNotReadyError(f"aicident at {self.client.url} is unreachable; serving {known}")
        finally:
            self._initializing = False

    def shutdown(self) -> None:
        if self._start:
            self.client.close()

    def _changed(self, tag: str | None) -> None:
        self.emit_provider_configuration_changed(ProviderEventDetails(message=f"controls version {tag}"))

    def _connection(self, up: bool) -> None:
        if self._initializing:
            return  # initialize reports the first state itself (its outcome is READY or ERROR)
        if not up:
            self.emit_provider_stale(
                ProviderEventDetails(message="aicident is unreachable: flags resolve from the last known controls")
            )
            return
        failed_at = self._failed_at
        self._failed_at = None
        delay = _AFTER_FAILED_INIT - (time.monotonic() - failed_at) if failed_at is not None else 0.0
        if delay > 0:
            threading.Timer(delay, self._ready).start()
        else:
            self._ready()

    def _ready(self) -> None:
        self.emit_provider_ready(ProviderEventDetails(message="aicident answers: flags are current"))

    def _resolve(self, flag_key: str, default, kinds: tuple[type, ...]) -> FlagResolutionDetails:
        state = self.client.state
        feature, _, field = flag_key.rpartition(".")
        controls = state.features.get(feature)
        if controls is None:
            return FlagResolutionDetails(
                default,
                error_code=ErrorCode.FLAG_NOT_FOUND,
                reason=Reason.ERROR,
                error_message=f"no AI feature {feature!r} in aicident's controls",
            )
        if field not in FLAG_FIELDS:
            return FlagResolutionDetails(
                default,
                error_code=ErrorCode.FLAG_NOT_FOUND,
                reason=Reason.ERROR,
                error_message=f"{flag_key!r}: no such control; use {', '.join(FLAG_FIELDS)}",
            )
        reachable = state.reachable
        value = state.flags.get(flag_key)
        if field == "enabled":
            # The same rule as the Guard: a kill switch known to be on stays on; fail-closed refuses when unreachable.
            value = bool(value) and (reachable or controls.fail_mode == "open")
        if value is None:
            return FlagResolutionDetails(default, reason=Reason.DEFAULT)
        if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
            return FlagResolutionDetails(
                default,
                error_code=ErrorCode.TYPE_MISMATCH,
                reason=Reason.ERROR,
                error_message=f"{flag_key!r} is a {type(value).__name__}",
            )
        reason = Reason.STATIC if reachable else Reason.STALE
        return FlagResolutionDetails(value, reason=reason, variant=str(value) if field == "enabled" else None)

    def resolve_boolean_details(
        self, flag_key: str, default_value: bool, evaluation_context: EvaluationContext | None = None
    ) -> FlagResolutionDetails[bool]:
        return self._resolve(flag_key, default_value, (bool,))

    def resolve_string_details(
        self, flag_key: str, default_value: str, evaluation_context: EvaluationContext | None = None
    ) -> FlagResolutionDetails[str]:
        return self._resolve(flag_key, default_value, (str,))

    def resolve_integer_details(
        self, flag_key: str, default_value: int, evaluation_context: EvaluationContext | None = None
    ) -> FlagResolutionDetails[int]:
        return self._resolve(flag_key, default_value, (int,))

    def resolve_float_details(
        self, flag_key: str, default_value: float, evaluation_context: EvaluationContext | None = None
    ) -> FlagResolutionDetails[float]:
        return self._resolve(flag_key, default_value, (float, int))

    def resolve_object_details(
        self,
        flag_key: str,
        default_value: Sequence[FlagValueType] | Mapping[str, FlagValueType],
        evaluation_context: EvaluationContext | None = None,
    ) -> FlagResolutionDetails[Sequence[FlagValueType] | Mapping[str, FlagValueType]]:
        return self._resolve(flag_key, default_value, (dict, list))
