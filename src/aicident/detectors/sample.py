"""`aicident detectors sample-log OUT`: write a generated interaction log to try `aicident scan` (and the events API) on.

Registered on the `detectors` sub-app by `register_sample(detectors)`. The generators are the corpora's (the corpora/
folder of a checkout, not installed with the package), loaded only when the command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aicident.detectors.evaluation import CORPORA_VARIABLE, corpora_module

CORPORA_HELP = (
    "The corpora folder: corpora/ at the root of a checkout of the aicident repository (data and generators, not "
    "installed with the package). Default: the checkout aicident is installed from in editable mode."
)
CorporaOption = Annotated[Path | None, typer.Option("--corpora", envvar=CORPORA_VARIABLE, help=CORPORA_HELP)]


def register_sample(detectors_app: typer.Typer) -> None:
    """Add `sample-log` to the `aicident detectors` sub-app."""

    @detectors_app.command("sample-log")
    def sample_log(
        out: Annotated[
            Path,
            typer.Argument(
                dir_okay=False, writable=True, help="Where to write the events, one JSON object a line (overwritten)."
            ),
        ],
        benign: Annotated[
            bool, typer.Option("--benign", help="The same traffic without any incident: every finding on it is false.")
        ] = False,
        seed: Annotated[
            int, typer.Option("--seed", min=0, help="Seed of the generators: the same seed, the same log.")
        ] = 7,
        corpora: CorporaOption = None,
    ) -> None:
        """Write six hours of AI traffic with one incident of each category (or, with --benign, none).

        The generators and their data are the corpora folder of a checkout of the repository (see --corpora).
        """
        scenario = corpora_module("scenario", corpora)
        made = scenario.benign_scenario(seed) if benign else scenario.incident_scenario(seed)
        written = scenario.write_jsonl(made.events, out)
        first, last = made.events[0].time, made.events[-1].time
        typer.echo(f"wrote {written} events from {first:%Y-%m-%d %H:%M} to {last:%H:%M} UTC to {out}")
        if not made.incidents:
            typer.echo("no incident in it: `aicident scan` should report nothing")
            return
        typer.echo(f"{len(made.incidents)} planted incidents:")
        for incident in made.incidents.values():
            typer.echo(f"- {incident.category:<19} {incident.feature:<15} {incident.description}")
        typer.echo(f"next: aicident scan {out}")
