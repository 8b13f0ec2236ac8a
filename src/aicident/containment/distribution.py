"""What applications read: every AI feature's controls at one version (the tag that streams and ETags follow),
and the same as a flagd flag definition file. Read-only use cases."""

from __future__ import annotations

from dataclasses import dataclass

from aicident.containment.model import Controls, flagd_flags
from aicident.errors import NotFound, Step
from aicident.runtime import Runtime
from aicident.store.uow import UnitOfWork


@dataclass(frozen=True)
class Snapshot:
    """Every feature's controls at one version; `tag` changes whenever any of them (or the plan) does."""

    tag: str
    features: dict[str, Controls]

    def to_json(self) -> dict:
        return {"version": self.tag, "features": {name: c.to_json() for name, c in self.features.items()}}


def tag_of(rt: Runtime, version: int) -> str:
    return f"{version}-{rt.plan_version[:12]}"


def all_controls(rt: Runtime, uow: UnitOfWork) -> dict[str, Controls]:
    features = {f.name: Controls.of_feature(f) for f in rt.plan.features}
    features.update({name: controls for name, (controls, _registered) in uow.controls.stored().items()})
    return dict(sorted(features.items()))


def controls_of(rt: Runtime, uow: UnitOfWork, feature: str) -> Controls:
    stored = uow.controls.get(feature)
    if stored is not None:
        return stored
    for spec in rt.plan.features:
        if spec.name == feature:
            return Controls.of_feature(spec)
    raise NotFound(
        f"no AI feature {feature!r}",
        allowed="a feature of the plan's [[features]] or one registered with POST /api/v1/features",
        next=[Step("register_feature", "register the feature", {"feature": feature})],
    )


def snapshot(rt: Runtime) -> Snapshot:
    with rt.uow(read_only=True) as uow:
        version = uow.controls.version()
        return Snapshot(tag_of(rt, version), all_controls(rt, uow))


def version_tag(rt: Runtime) -> str:
    """The current tag only: one indexed read, cheap enough to poll many times a second."""
    with rt.uow(read_only=True) as uow:
        return tag_of(rt, uow.controls.version())


def flagd(rt: Runtime) -> dict:
    return flagd_flags(list(snapshot(rt).features.values()))
