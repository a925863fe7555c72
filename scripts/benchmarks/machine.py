"""The machine and software a run was measured on, so figures from different runs can be compared."""

from __future__ import annotations

import os
import platform
from importlib import metadata

PACKAGES = (
    "yiku",
    "flask",
    "sqlalchemy",
    "alembic",
    "numpy",
    "rapidfuzz",
    "pyahocorasick",
    "opencc",
    "jieba",
    "lxml",
    "gunicorn",
    "psycopg",
    "sacrebleu",
    "pydantic",
    "translate-toolkit",
)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except FileNotFoundError:
        pass
    return platform.processor() or platform.machine()


def _memory_bytes() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) * 1024
    except FileNotFoundError:
        pass
    return None


def machine_info() -> dict[str, object]:
    """CPU model, usable cores, total memory, Python and platform."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu_model": _cpu_model(),
        "cores": usable,
        "memory_bytes": _memory_bytes(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
    }


def package_versions(names: tuple[str, ...] = PACKAGES) -> dict[str, str | None]:
    """Installed versions (None when a package is not installed)."""
    versions: dict[str, str | None] = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions
