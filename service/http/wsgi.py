"""Production serving under gunicorn, with the app (and its indexes) built before the workers fork."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):
    def __init__(self, app, options: dict) -> None:
        self._app = app
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self):
        return self._app


def run_gunicorn(app, *, host: str, port: int, workers: int, threads: int = 4) -> None:
    _Gunicorn(
        app,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "preload_app": True,
            "accesslog": "-",
            "timeout": 120,
            "graceful_timeout": 10,
            # connections opened before the fork belong to the parent; each worker opens its own
            "post_fork": lambda _server, _worker: app.extensions["yiku"].db.engine.dispose(close=False),
        },
    ).run()
