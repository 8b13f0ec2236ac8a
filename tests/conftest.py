"""The suite's fixtures, all in this one file: a controllable clock; a runtime on SQLite and on a real PostgreSQL
server, and the ASGI client of its app; real `aicident serve` processes (tests/services.py); a real headless
Chromium (tests/browsing.py). Tests live by concept (tests/<concept>/<tier>/); each is marked with its tier (unit,
integration, e2e) from its folder, so `pytest -m unit` runs the fast ones.

PostgreSQL: set AICIDENT_TEST_POSTGRES_URL to use a running server; otherwise the suite starts its own throwaway
cluster on loopback from the installed binaries (Debian's postgresql package). With AICIDENT_REQUIRE_POSTGRES=1
(as in .ci/run) a missing server fails the run instead of skipping the PostgreSQL tests.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from browsing import CHROMIUM, CHROMIUM_ARGS, Browsing, missing
from fastapi.testclient import TestClient
from hypothesis import settings as hypothesis_settings
from services import AICIDENT, Service, run_service
from sqlalchemy import create_engine, text

from aicident.app import create_app
from aicident.runtime import Runtime, build_runtime
from aicident.settings import Settings

# Property tests check what is computed, not how fast: on a shared machine an example can take longer than
# hypothesis's default 200 ms deadline (a CI run failed so, at 321 ms), which says nothing about the code.
hypothesis_settings.register_profile("aicident", deadline=None)
hypothesis_settings.load_profile("aicident")


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: datetime = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # a Monday afternoon

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_server_url():
    """URL of a PostgreSQL server's maintenance database (ours to create databases in)."""
    url = os.environ.get("AICIDENT_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not (initdb and pg_ctl):
        message = "PostgreSQL binaries (initdb, pg_ctl) not found; install Debian's postgresql package"
        if os.environ.get("AICIDENT_REQUIRE_POSTGRES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    root = Path(tempfile.mkdtemp(prefix="aicident-pg-"))
    data = root / "data"
    run_as: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: run it as the postgres system user
        user = pwd.getpwnam("postgres")
        os.chown(root, user.pw_uid, user.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    subprocess.run(
        [*run_as, initdb, "-D", str(data), "-U", "aicident", "--auth=trust", "-E", "UTF8", "--no-sync"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *run_as,
            pg_ctl,
            "-D",
            str(data),
            "-l",
            str(root / "server.log"),
            "-w",
            "-o",
            f"-p {port} -h 127.0.0.1 -k {root} -F -c max_connections=200",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://aicident@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*run_as, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server_url):
    """A fresh, empty database on the PostgreSQL server, dropped after the test."""
    name = "aicident_test_" + uuid.uuid4().hex[:12]
    admin = create_engine(postgres_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield postgres_server_url.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'aicident.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def make_runtime(tmp_path, clock):
    """Build runtimes on a given database URL with the test clock; disposed of after the test."""
    built: list[Runtime] = []

    def make(url: str, plan_file: Path | None = None) -> Runtime:
        settings = Settings(data_dir=tmp_path, database_url=url, plan_file=plan_file, actor="tester")
        runtime = build_runtime(settings, clock=clock)
        built.append(runtime)
        return runtime

    yield make
    for runtime in built:
        runtime.engine.dispose()


@pytest.fixture
def runtime(make_runtime, database_url) -> Runtime:
    """A migrated runtime on SQLite and, in a second run of the test, on PostgreSQL."""
    return make_runtime(database_url)


@pytest.fixture
def client(runtime):
    """The app of `runtime` behind an ASGI test client (lifespan run)."""
    with TestClient(create_app(runtime)) as test_client:
        yield test_client


# --- tiers -------------------------------------------------------------------------------------------------------

TIERS = ("unit", "integration", "e2e")


def pytest_collection_modifyitems(config, items):
    for item in items:
        tier = next((part for part in reversed(item.path.parts) if part in TIERS), None)
        if tier:
            item.add_marker(tier)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test's report carries the logs of the servers it started; a web test learns whether its call failed
    (for the screenshots)."""
    report = yield
    if report.when == "call":
        item._web_failed = report.failed
    if report.failed:
        for service in getattr(item, "_aicident_services", ()):
            report.sections.append((f"aicident serve log ({service.database}, {service.log_path})", service.log()))
    return report


# --- real servers and a real browser -----------------------------------------------------------------------------


@pytest.fixture
def start_service(request, tmp_path):
    """Start `aicident serve` processes of the test's own making: `start_service(database_url=None, data_dir=None,
    args=(), verify=True, plan_file=None)`; each is stopped after the test (before its database is dropped)."""
    started: list[Service] = []

    def start(database_url: str | None = None, data_dir: Path | None = None, **options) -> Service:
        directory = data_dir or tmp_path / f"service-{len(started)}"
        directory.mkdir(parents=True, exist_ok=True)
        running = run_service(request, directory, database_url, **options)
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()


@pytest.fixture
def service(request, tmp_path):
    """`aicident serve` on the embedded SQLite store in tmp_path."""
    assert AICIDENT, "the aicident console script is not installed next to this Python"
    running = run_service(request, tmp_path, None)
    yield running
    running.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_service(request, tmp_path):
    """`aicident serve` on SQLite and, in a second run of the test, on PostgreSQL."""
    assert AICIDENT, "the aicident console script is not installed next to this Python"
    url = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    running = run_service(request, tmp_path, url)
    yield running
    running.stop()  # before postgres_url's teardown drops the database


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        missing(f"no Chromium at {CHROMIUM}; install Debian's chromium package (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright for Python is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def browsing(request, browser):
    """Browser pages on the test's server: `any_service` (SQLite, then PostgreSQL) when it asks for that, else
    `service`."""
    server = request.getfixturevalue("any_service" if "any_service" in request.fixturenames else "service")
    opened = Browsing(browser, server.base_url)
    yield opened
    opened.close(re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name), getattr(request.node, "_web_failed", True))
