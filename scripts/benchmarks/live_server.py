"""A `yiku serve` process on 127.0.0.1 for the HTTP workloads: started on a free port, stopped by its own pid."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

READY_TIMEOUT_S = 180


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(port: int, method: str, path: str, body: Any = None, timeout: float = 30) -> tuple[int, Any]:
    """One request on a fresh connection; (status, decoded JSON or None)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        payload = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json"} if payload is not None else {}
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        data = response.read()
        try:
            return response.status, json.loads(data) if data else None
        except ValueError:
            return response.status, None
    finally:
        connection.close()


class LiveServer:
    """`yiku serve --workers N` on a database URL; use as a context manager."""

    def __init__(self, database_url: str, data_dir: Path, workers: int, log_path: Path):
        self.database_url, self.data_dir, self.workers, self.log_path = database_url, data_dir, workers, log_path
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> LiveServer:
        env = dict(
            os.environ,
            DATABASE_URL=self.database_url,
            YIKU_DATA_DIR=str(self.data_dir),
            YIKU_SECRET_KEY="benchmark-secret",
        )
        yiku = Path(sys.executable).with_name("yiku")
        command = [str(yiku), "serve", "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(self.workers)]
        self._log = open(self.log_path, "w", encoding="utf-8")
        self.process = subprocess.Popen(
            command,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"yiku serve exited with {self.process.returncode}; see {self.log_path}")
            try:
                status, _ = request(self.port, "GET", "/healthz", timeout=2)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"yiku serve not ready after {READY_TIMEOUT_S} s; see {self.log_path}")

    def __exit__(self, *_exc) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # the session holds only the server and its workers
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()
