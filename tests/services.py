"""A real `aicident serve` in a subprocess, for tests that talk to it over HTTP as monitoring tools do (the
`service`, `any_service` and `start_service` fixtures of tests/conftest.py start them). The server's stdout and
stderr go to a file, which is attached to the report of a failed test.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

_NEXT_TO_PYTHON = Path(sys.executable).parent / "aicident"
AICIDENT = str(_NEXT_TO_PYTHON) if _NEXT_TO_PYTHON.exists() else shutil.which("aicident")
_TOKEN_LINE = re.compile(r"^\s*export AICIDENT_TOKEN=(aic_\S+)\s*$", re.MULTILINE)
READY_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Service:
    """One `aicident serve` process: its address, the first admin's token, its environment and its log."""

    def __init__(
        self,
        data_dir: Path,
        database_url: str | None = None,
        *,
        args: tuple[str, ...] = (),
        verify: str | bool = True,
        plan_file: Path | None = None,
        token: str | None = None,
    ):
        """`args` go to `aicident serve` (with --ssl-certfile, the service speaks https and `verify` names the CA file
        to check its certificate against); `plan_file` is the plan in force (AICIDENT_PLAN)."""
        self.data_dir = data_dir
        self.args = tuple(args)
        self.scheme = "https" if "--ssl-certfile" in self.args else "http"
        self.verify = verify
        self.log_path = data_dir / "server.log"
        self.env = {key: value for key, value in os.environ.items() if not key.startswith("AICIDENT_")}
        self.env.update(AICIDENT_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1", COLUMNS="200", NO_COLOR="1")
        if database_url:
            self.env["AICIDENT_DATABASE_URL"] = database_url
        if plan_file is not None:
            self.env["AICIDENT_PLAN"] = str(plan_file)
        self.database = "postgresql" if database_url else "sqlite"
        self.port = 0
        self.process: subprocess.Popen | None = None
        self.token: str | None = token  # a second replica of a database prints no first token: give it
        self.starts = 0

    # --- the process -------------------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self) -> Service:
        """Start the server (on a free port the first time, on the same port after that) and wait for /readyz."""
        for _attempt in range(3):
            if self.starts == 0 or self.port == 0:
                self.port = free_port()
            if self._launch():
                break
            self.port = 0  # the port was taken between choosing and binding it: choose another
        else:
            raise RuntimeError(f"aicident serve did not start; its log:\n{self.log()}")
        self.starts += 1
        if self.token is None:
            found = _TOKEN_LINE.findall(self.log())
            assert found, f"no `export AICIDENT_TOKEN=` line in the server's output:\n{self.log()}"
            self.token = found[-1]
        return self

    def _launch(self) -> bool:
        with open(self.log_path, "ab") as log:
            log.write(f"\n----- aicident serve --port {self.port} (start {self.starts + 1}) -----\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                [AICIDENT, "serve", "--host", "127.0.0.1", "--port", str(self.port), *self.args],
                env=self.env,
                cwd=self.data_dir,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + READY_TIMEOUT
        with httpx.Client(trust_env=False, timeout=2.0, verify=self.verify) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    if "address already in use" in self.log().lower():
                        return False
                    raise RuntimeError(f"aicident serve exited with {self.process.returncode}:\n{self.log()}")
                try:
                    if client.get(f"{self.base_url}/readyz").status_code == 200:
                        return True
                except httpx.TransportError:
                    pass
                time.sleep(0.05)
        self.process.kill()
        self.process.wait()
        raise RuntimeError(f"aicident serve was not ready within {READY_TIMEOUT} s:\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, no buffer is flushed; what was committed is all that remains."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def restart(self) -> Service:
        """Start again on the same port, data directory and database (after kill() or stop())."""
        if self.process is not None and self.process.poll() is None:
            self.stop()
        return self.start()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    # --- talking to it -----------------------------------------------------------------------------------------

    def url(self, path: str) -> str:
        return self.base_url + path

    @property
    def admin(self) -> dict[str, str]:
        """Headers that sign in as the first administrator."""
        return {"Authorization": f"Bearer {self.token}"}

    def client(self, **options) -> httpx.Client:
        options.setdefault("verify", self.verify)
        return httpx.Client(base_url=self.base_url, trust_env=False, timeout=options.pop("timeout", 30.0), **options)

    def cli(self, *args: object) -> subprocess.CompletedProcess:
        """Run `aicident ARGS` with the server's environment (same data directory or database), acting as the
        administrator the first start created (no AICIDENT_ACTOR: the single administrator)."""
        return subprocess.run(
            [AICIDENT, *map(str, args)],
            check=False,
            env=self.env,
            cwd=self.data_dir,
            capture_output=True,
            text=True,
            timeout=60,
        )

    def add_integration(self, name: str, format: str, *, rate_per_minute: int | None = None, cli: bool = False) -> str:
        """Add an integration and return its secret: over the API as the admin, or with `aicident integration add
        NAME --format FORMAT` (cli=True; each start of the command costs most of a second)."""
        if cli:
            extra = ["--rate-per-minute", rate_per_minute] if rate_per_minute is not None else []
            result = self.cli("integration", "add", name, "--format", format, *extra)
            assert result.returncode == 0, result.stderr
            secret = result.stdout.strip()
        else:
            body = {"name": name, "format": format}
            if rate_per_minute is not None:
                body["rate_per_minute"] = rate_per_minute
            with self.client(headers=self.admin) as client:
                response = client.post("/api/v1/integrations", json=body)
            assert response.status_code == 201, response.text
            assert {k: v for k, v in response.json().items() if k != "secret"} == {"name": name, "format": format}
            secret = response.json()["secret"]
        assert re.fullmatch(r"ais_[A-Za-z0-9_-]{32}", secret), secret
        return secret


def run_service(request, data_dir: Path, database_url: str | None, **options):
    service = Service(data_dir, database_url, **options)
    request.node._aicident_services = [*getattr(request.node, "_aicident_services", ()), service]
    service.start()
    return service
