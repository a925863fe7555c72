"""Configuration from the environment, so the same code runs embedded (SQLite) and deployed (PostgreSQL)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5000
MAX_BODY_BYTES = 1 * 1024 * 1024 + 64 * 1024  # assist text ≤ 1 MB, plus JSON overhead
MAX_UPLOAD_BYTES = 512 * 1024 * 1024  # TMX/CSV/TBX imports stream; this only bounds one request


def _data_dir() -> Path:
    return Path(os.environ.get("YIKU_DATA_DIR") or Path.cwd() / "var")


def default_database_url() -> str:
    return "sqlite:///" + str((_data_dir() / "yiku.db").resolve())


def _secret_key(data_dir: Path) -> str:
    """A stable secret per data directory, so sessions survive restarts without configuration."""
    env = os.environ.get("YIKU_SECRET_KEY")
    if env:
        return env
    path = data_dir / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        path.write_text(key)
        path.chmod(0o600)
        return key


@dataclass
class Settings:
    database_url: str = field(default_factory=lambda: os.environ.get("DATABASE_URL") or default_database_url())
    data_dir: Path = field(default_factory=_data_dir)
    host: str = field(default_factory=lambda: os.environ.get("YIKU_HOST", DEFAULT_HOST))
    port: int = field(default_factory=lambda: int(os.environ.get("YIKU_PORT", DEFAULT_PORT)))
    secret_key: str = ""
    secure_cookies: bool = field(default_factory=lambda: os.environ.get("YIKU_SECURE_COOKIES", "0") == "1")
    max_body_bytes: int = MAX_BODY_BYTES
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    testing: bool = False

    def __post_init__(self) -> None:
        self.data_dir = Path(self.data_dir)
        if not self.secret_key:
            self.secret_key = _secret_key(self.data_dir)
