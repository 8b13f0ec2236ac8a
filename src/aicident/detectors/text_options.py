"""Options of the detectors from the plan: one strict reading shared by all of them, text and statistical.

Every detector's Config is a frozen dataclass; the plan's options for it are checked against its fields here, so a
typo or a wrong type is refused with the same message everywhere (InvalidInput naming the allowed keys). Ranges are
each Config's own (`stats.require` in its __post_init__). Pure: no I/O.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from aicident.errors import InvalidInput

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

C = TypeVar("C", bound="DataclassInstance")


def config_from_options(cls: type[C], options: Mapping[str, object], detector: str | None = None) -> C:
    """Build a frozen Config dataclass from plan options; unknown keys and wrong types are refused, never ignored.

    Shared by every detector so each answers a typo the same way (InvalidInput naming the allowed keys) instead of
    silently running with a default the operator did not mean. Messages name the `detector` when given, else the
    Config's class.
    """
    owner = f"detector {detector}" if detector else cls.__qualname__
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(options) - set(fields))
    if unknown:
        raise InvalidInput(f"unknown option(s) for {owner}: {', '.join(unknown)}", allowed=", ".join(sorted(fields)))
    defaults = cls()
    values: dict[str, object] = {}
    for name, value in options.items():
        current = getattr(defaults, name)
        values[name] = _coerce(owner, name, value, current)
    return cls(**values)


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_amount(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0


def _is_strings(value: object) -> bool:
    return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)


def _is_string_mapping(value: object) -> bool:
    return isinstance(value, Mapping) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def _same(value: Any) -> Any:
    return value


# (type of the default, what a value must be, how it is converted, what is allowed): bool before int, its base class.
_COERCIONS: tuple[tuple[type, Callable[[object], bool], Callable[[Any], object], str], ...] = (
    (bool, lambda value: isinstance(value, bool), _same, "true or false"),
    (int, _is_count, _same, "a non-negative integer"),
    (float, _is_amount, float, "a non-negative number"),
    (tuple, _is_strings, tuple, "a list of strings"),
    (Mapping, _is_string_mapping, dict, "a mapping of strings to strings"),
    (str, lambda value: isinstance(value, str), _same, "a string"),
)


def _coerce(owner: str, name: str, value: object, current: object) -> object:
    for kind, accepts, convert, allowed in _COERCIONS:
        if isinstance(current, kind):
            if accepts(value):
                return convert(value)
            raise InvalidInput(f"option {name} of {owner} must be {allowed}, got {value!r}", allowed=allowed)
    return value
