"""Precision, recall and F1 of a detector on a labelled split kept out of training (our own corpora), and where the labelled corpora are found."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from aicident.errors import NotFound


@dataclass(frozen=True)
class EvalResult:
    detector: str
    category: str
    split: str  # "test": the split kept out of training
    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int
    note: str = ""  # what a positive is (an event, an injected change found within its window, ...)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        actual = self.true_positives + self.false_negatives
        return self.true_positives / actual if actual else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def false_positive_rate(self) -> float:
        negatives = self.false_positives + self.true_negatives
        return self.false_positives / negatives if negatives else 0.0


# --- prompt injection by attack family and negative class ------------------------------------------------------------

# The corpus' families under the names people use for them, in the order they are printed.
ATTACK_FAMILIES = {
    "direct": "direct (override the instructions)",
    "indirect": "indirect: planted in a retrieved passage",
    "planted": "indirect: planted in a text the user gave to process",
    "jailbreak": "jailbreak and role-play",
    "extraction": "system-prompt extraction",
    "exfiltration": "exfiltration links",
    "obfuscated": "obfuscated (encoded, spaced, look-alikes)",
}
NEGATIVE_CLASSES = {
    "benign_ordinary": "everyday prompts",
    "benign_harmful": "harmful but direct requests",
    "benign": "hard negatives: prompts using attack words",
    "benign_documents": "hard negatives: documents to process",
    "benign_context": "benign retrieved passages",
}


def injection_summary(rows: list[EvalResult]) -> list[str]:
    """Recall per attack family and flag rate per negative class of the injection rows, as lines to print."""
    recall: dict[str, list[int]] = {}
    flagged: dict[str, list[int]] = {}
    for r in rows:
        if not r.detector.startswith("text.injection["):
            continue
        name = r.detector[len("text.injection[") : -1]
        if name.startswith("vs "):
            flagged[name[3:]] = [r.false_positives, r.false_positives + r.true_negatives]
        else:
            found = recall.setdefault(name.split(":")[0], [0, 0])
            found[0] += r.true_positives
            found[1] += r.true_positives + r.false_negatives
    lines = ["Prompt injection on our own corpora (the test split; not a public benchmark, not real traffic):"]
    lines.append("  recall by attack family")
    for family, label in ATTACK_FAMILIES.items():
        if family in recall and recall[family][1]:
            hit, total = recall[family]
            lines.append(f"    {label:<52} {hit / total:6.3f}  ({hit} of {total})")
    lines.append("  share flagged by negative class")
    for family, label in NEGATIVE_CLASSES.items():
        if family in flagged and flagged[family][1]:
            hit, total = flagged[family]
            lines.append(f"    {label:<52} {hit / total:6.3%}  ({hit} of {total})")
    return lines


# --- where the corpora live ------------------------------------------------------------------------------------------

# The labelled corpora are data and generators outside the installed package: the corpora/ folder at the root of a
# checkout of the repository. An editable install finds it next to its source; otherwise it is named.
CORPORA_VARIABLE = "AICIDENT_CORPORA"
CHECKOUT_CORPORA = Path(__file__).resolve().parents[3] / "corpora"  # src/aicident/detectors/ -> the checkout's root


def find_corpora(folder: Path | None = None) -> Path:
    """The corpora folder: `folder` if given, else the checkout's; refused, saying where they live, if it is not one."""
    where = (folder or CHECKOUT_CORPORA).expanduser().resolve()
    if (where / "__init__.py").is_file() and (where / "injection").is_dir():
        return where
    looked = f"{where} is not a corpora folder" if folder else f"no corpora folder at {where}"
    raise NotFound(
        f"{looked}: the detectors' corpora are not installed with aicident, they are the corpora/ folder at the root "
        "of a checkout of its repository",
        allowed=f"name that folder with --corpora DIR or {CORPORA_VARIABLE}=DIR",
    )


def corpora_module(name: str, folder: Path | None = None) -> ModuleType:
    """The module `name` (text, streams, scenario, ...) of the corpora folder (see `find_corpora`), imported as
    `corpora.<name>`, as tests, benchmarks and scripts import it with the checkout's root on sys.path."""
    where = find_corpora(folder)
    loaded = sys.modules.get("corpora")
    if loaded is None or [Path(p).resolve() for p in getattr(loaded, "__path__", [])] != [where]:
        for stale in [m for m in sys.modules if m == "corpora" or m.startswith("corpora.")]:
            del sys.modules[stale]
        spec = importlib.util.spec_from_file_location(
            "corpora", where / "__init__.py", submodule_search_locations=[str(where)]
        )
        assert spec is not None and spec.loader is not None
        package = importlib.util.module_from_spec(spec)
        sys.modules["corpora"] = package
        spec.loader.exec_module(package)
    return importlib.import_module(f"corpora.{name}")
