"""Read, write and fingerprint plan files (TOML, YAML or JSON).

Reading text and files is the caller's business for custom plans; the default plan is read from the package on
first use, never at import time.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import tomli_w
import yaml
from pydantic import ValidationError

from aicident.errors import InvalidInput, PlanInvalid
from aicident.plan.schema import Plan
from aicident.plan.validate import Problem, cross_reference_problems

FORMATS = ("toml", "yaml", "json")


def format_of(path: str | Path) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    fmt = {"yml": "yaml"}.get(suffix, suffix)
    if fmt not in FORMATS:
        raise InvalidInput(
            f"cannot tell the format of {str(path)!r}", allowed="files ending in .toml, .yaml, .yml or .json"
        )
    return fmt


def _path_text(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text or "(top level)"


def parse_plan(text: str, fmt: str, *, source: str = "") -> Plan:
    """Parse and validate a plan; raise PlanInvalid listing every problem with its key path and line."""
    try:
        if fmt == "toml":
            data = tomllib.loads(text)
        elif fmt == "yaml":
            data = yaml.safe_load(text)
        elif fmt == "json":
            data = json.loads(text)
        else:
            raise InvalidInput(f"unknown plan format {fmt!r}", allowed=", ".join(FORMATS))
    except (tomllib.TOMLDecodeError, yaml.YAMLError, json.JSONDecodeError) as exc:
        problem = Problem("(syntax)", str(exc).splitlines()[0])
        raise PlanInvalid(
            f"{source or 'plan'} is not valid {fmt.upper()}: {problem.message}", problems=[problem]
        ) from None
    if not isinstance(data, dict):
        raise PlanInvalid(
            f"{source or 'plan'} must be a table/mapping at the top level",
            problems=[Problem("(top level)", "expected a table of plan sections")],
        )

    lines = _line_index(text, fmt)
    try:
        plan = Plan.model_validate(data)
        problems = cross_reference_problems(plan)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "extra_forbidden":
                message = "unknown key (misspelt?); see `aicident plan show` for the keys a plan has"
            elif error["type"] == "missing":
                message = "required key is missing"
            elif error["type"] == "literal_error":
                message = f"{error.get('input')!r} is not allowed; {error['msg'].lower()}"
            problems.append(Problem(_path_text(error["loc"]), message))
    if problems:
        problems = [Problem(p.path, p.message, _find_line(lines, p.path)) for p in problems]
        summary = "; ".join(p.render() for p in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise PlanInvalid(f"{source or 'plan'} has {len(problems)} problem(s): {summary}{more}", problems=problems)
    return plan


def load_plan_file(path: str | Path) -> Plan:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"cannot read plan file {str(path)!r}: {exc.strerror}") from None
    return parse_plan(text, format_of(path), source=str(path))


@lru_cache(maxsize=1)
def default_plan() -> Plan:
    text = resources.files("aicident.plan").joinpath("default_plan.toml").read_text(encoding="utf-8")
    return parse_plan(text, "toml", source="default_plan.toml")


def plan_document(plan: Plan) -> dict[str, Any]:
    return plan.model_dump(mode="json", exclude_none=True)


def plan_version(plan: Plan) -> str:
    """The content hash that identifies a plan; incidents keep the one they ran under."""
    canonical = json.dumps(plan_document(plan), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def dump_plan(plan: Plan, fmt: str) -> str:
    document = plan_document(plan)
    if fmt == "toml":
        return tomli_w.dumps(document)
    if fmt == "yaml":
        text: str = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
        return text
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    raise InvalidInput(f"unknown plan format {fmt!r}", allowed=", ".join(FORMATS))


# --- where in the file a key path is -------------------------------------------------------------------------


def _line_index(text: str, fmt: str) -> dict[str, int]:
    try:
        if fmt == "toml":
            return _toml_lines(text)
        if fmt == "yaml":
            return _yaml_lines(text)
    except Exception:  # a best-effort locator must never hide the real validation problem
        return {}
    return {}


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_.\-"' ]+?)\s*=""")


def _toml_key(raw: str) -> list[str]:
    parts = re.findall(r'"[^"]*"|\'[^\']*\'|[^.]+', raw)
    return [p.strip().strip("\"'") for p in parts if p.strip()]


def _toml_lines(text: str) -> dict[str, int]:
    """Map key paths to the line that defines them, for tables, arrays of tables and plain keys."""
    index: dict[str, int] = {}
    counters: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            parts = _toml_key(header.group(2))
            path = ""
            for i, part in enumerate(parts):
                plain = (path + "." if path else "") + part
                is_last = i == len(parts) - 1
                if is_last and header.group(1) == "[[":
                    counters[plain] = counters.get(plain, -1) + 1
                    path = f"{plain}[{counters[plain]}]"
                elif plain in counters:
                    path = f"{plain}[{counters[plain]}]"
                else:
                    path = plain
                index.setdefault(path, number)
            table = path
            index.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key and not line.lstrip().startswith("#"):
            path = table
            for part in _toml_key(key.group(1)):
                path = (path + "." if path else "") + part
            index.setdefault(path, number)
    return index


def _yaml_lines(text: str) -> dict[str, int]:
    index: dict[str, int] = {}

    def walk(node: yaml.Node, path: str) -> None:
        index.setdefault(path or "(top level)", node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = (path + "." if path else "") + str(key.value)
                index.setdefault(child, key.start_mark.line + 1)
                walk(value, child)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, f"{path}[{i}]")

    root = yaml.compose(text)
    if root is not None:
        walk(root, "")
    return index


def _find_line(index: dict[str, int], path: str) -> int | None:
    """The line of the longest prefix of `path` that the file defines."""
    while path:
        if path in index:
            return index[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return None
