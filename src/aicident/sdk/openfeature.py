"""An OpenFeature provider (openfeature-sdk) over the SDK's controls, for applications that read flags through
OpenFeature already.

Flag keys, the same as the flagd export: `<feature>.enabled` (boolean: the kill switch), `<feature>.model` (string:
the pinned model, with `@version` when one is pinned), `<feature>.fallback_response` (string),
`<feature>.rate_per_second` and `<feature>.user_rate_per_second` (float), `<feature>.controls` (object: all of them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from openfeature.evaluation_context import EvaluationContext
from openfeature.event import ProviderEventDetails
from openfeature.exception import ErrorCode
from openfeature.flag_evaluation import FlagResolutionDetails, FlagValueType, Reason
from openfeature.provider import AbstractProvider, Metadata

from aicident.sdk.client import Client
from aicident.sdk.state import FeatureControls

_MISSING = object()


def _value(controls: FeatureControls, field: str, reachable: bool) -> object:
    if field == "enabled":
        # The same rule as the Guard: a kill switch known to be on stays on; fail-closed refuses when unreachable.
        return controls.enabled and (reachable or controls.fail_mode == "open")
    if field == "model":
        if controls.model and controls.model_version:
            return f"{controls.model}@{controls.model_version}"
        return controls.model
    if field == "controls":
        return {
            "enabled": controls.enabled,
            "fallback_response": controls.fallback_response,
            "fail_mode": controls.fail_mode,
            "model": controls.model,
            "model_version": controls.model_version,
            "rate_per_second": controls.rate_per_second,
            "user_rate_per_second": controls.user_rate_per_second,
            "routes": list(controls.routes),
            "guard_input": controls.guard_input,
            "guard_output": controls.guard_output,
            "disabled_tools": sorted(controls.disabled_tools),
        }
    if field in ("fallback_response", "rate_per_second", "user_rate_per_second"):
        return getattr(controls, field)
    return _MISSING


class AicidentProvider(AbstractProvider):
    """Resolves flags from an aicident SDK Client; started by OpenFeature's initialize unless already running."""

    def __init__(self, client: Client, *, start: bool = True):
        super().__init__()
        self.client = client
        self._start = start
        client.state.on_change(self._changed)

    def get_metadata(self) -> Metadata:
        return Metadata(name="aicident")

    def initialize(self, evaluation_context: EvaluationContext) -> None:
        if self._start:
            self.client.start()

    def shutdown(self) -> None:
        if self._start:
            self.client.close()

    def _changed(self, tag: str | None) -> None:
        self.emit_provider_configuration_changed(ProviderEventDetails(message=f"controls version {tag}"))

    def _resolve(self, flag_key: str, default, kinds: tuple[type, ...]) -> FlagResolutionDetails:
        feature, _, field = flag_key.rpartition(".")
        controls = self.client.state.features.get(feature)
        if controls is None:
            return FlagResolutionDetails(
                default,
                error_code=ErrorCode.FLAG_NOT_FOUND,
                reason=Reason.ERROR,
                error_message=f"no AI feature {feature!r} in aicident's controls",
            )
        value = _value(controls, field, self.client.state.reachable)
        if value is _MISSING:
            return FlagResolutionDetails(
                default,
                error_code=ErrorCode.FLAG_NOT_FOUND,
                reason=Reason.ERROR,
                error_message=f"{flag_key!r}: no such control; use enabled, model, "
                "fallback_response, rate_per_second, user_rate_per_second "
                "or controls",
            )
        if value is None:
            return FlagResolutionDetails(default, reason=Reason.DEFAULT)
        if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
            return FlagResolutionDetails(
                default,
                error_code=ErrorCode.TYPE_MISMATCH,
                reason=Reason.ERROR,
                error_message=f"{flag_key!r} is a {type(value).__name__}",
            )
        reason = Reason.STATIC if self.client.state.reachable else Reason.STALE
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
