"""sekmet-fhir (a real FHIR R4 server on SQLite, from PyPI) started on loopback for tests.

sync-fhir-security.md §3.1: sekmet 0.1.1 serves FastAPI/uvicorn with transactions that roll
back, ``ifNoneExist`` (412 on multiple matches), PUT-create with client ids, ``If-Match`` and
a SMART Backend Services token endpoint.  The installed package exposes the ASGI factory
``sekmet.main:app_factory``, which reads its settings from the YAML file named by
``SEKMET_CONFIG``; we run it under uvicorn in a child process with a fresh data directory.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

READY_TIMEOUT_S = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class SekmetServer:
    base_url: str  # .../fhir
    root_url: str
    data_dir: Path
    pid: int

    def count(self, rtype: str, **params: str) -> int:
        """Server-side count (``_summary=count``) of a resource type matching ``params``."""
        response = httpx.get(f"{self.base_url}/{rtype}", params={**params, "_summary": "count"},
                             timeout=30)
        response.raise_for_status()
        return int(response.json()["total"])


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"sekmet exited: {log.read_text()[-2000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/metadata", timeout=1).status_code == 200:
                return
        time.sleep(0.1)
    raise RuntimeError(f"sekmet not ready after {READY_TIMEOUT_S} s: {log.read_text()[-2000:]}")


@contextlib.contextmanager
def run_sekmet(workdir: Path, *, extra_settings: dict[str, Any] | None = None
               ) -> Iterator[SekmetServer]:
    """Start sekmet on a free loopback port in ``workdir``; stop it on exit."""
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    root = f"http://127.0.0.1:{port}"
    settings = {
        "base_url": f"{root}/fhir", "host": "127.0.0.1", "port": port,
        "data_dir": str(workdir / "data"), "log_inbound": False,
        "simulator": {"enabled": False},
        **(extra_settings or {}),
    }
    config = workdir / "settings.yaml"
    config.write_text(json.dumps(settings))  # JSON is YAML
    log = workdir / "sekmet.log"
    env = {**os.environ, "SEKMET_CONFIG": str(config)}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "sekmet.main:app_factory", "--factory",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            cwd=workdir, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_ready(f"{root}/fhir", process, log)
        yield SekmetServer(f"{root}/fhir", root, workdir / "data", process.pid)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
