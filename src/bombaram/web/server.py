"""The production server behind ``bombaram serve``.

On Linux and macOS: gunicorn, one process per core (``--workers``) with a few threads each
(``gthread``), so a page's Python runs on every core instead of eight threads of one process taking
turns on one interpreter lock (docs/deployment.md has the measurements). On Windows, which gunicorn
does not run on: waitress, one process. Both stop gracefully: on SIGTERM or Ctrl+C they stop
accepting, finish the requests in flight, say so and exit 0.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
import time

#: seconds the requests in flight get to finish after SIGTERM / Ctrl+C
GRACEFUL_TIMEOUT = 30
STOPPING = "서버를 멈추는 중입니다: 새 연결은 받지 않고, 처리 중인 요청을 마칩니다…"
STOPPED = "서버를 멈췄습니다."


class PortInUse(OSError):
    """The address is taken by another program."""


def default_server() -> str:
    """gunicorn where it runs (it needs fork), else waitress."""
    return "gunicorn" if os.name == "posix" and gunicorn_available() else "waitress"


def gunicorn_available() -> bool:
    return _GThreadWorker is not None


def check_port(host: str, port: int) -> None:
    """Raise PortInUse (or OSError) now, with one line for the user, instead of letting the server
    retry and log a traceback. gunicorn binds with SO_REUSEADDR as this probe does."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        if os.name == "posix":
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
                raise PortInUse(exc.errno, exc.strerror) from exc
            raise


def with_worker_header(application):
    """Wrap the WSGI app to name the answering process in ``X-Bombaram-Worker`` (``serve
    --worker-header``, for tests and load checks; off by default: a pid is nobody else's business)."""

    def app(environ, start_response):
        def start(status, headers, exc_info=None):
            return start_response(status, [*headers, ("X-Bombaram-Worker", str(os.getpid()))], exc_info)

        return application(environ, start)

    return app


def _say(line: str) -> None:
    print(line, flush=True)


def run_gunicorn(application, *, host: str, port: int, workers: int, threads: int) -> None:
    """gunicorn with gthread workers; returns after a graceful stop."""
    from gunicorn.app.base import BaseApplication
    from gunicorn.arbiter import Arbiter

    class GracefulArbiter(Arbiter):
        # gunicorn stops at once on SIGINT; a service manager's SIGTERM and a user's Ctrl+C should
        # both let the requests in flight finish
        def handle_term(self):
            _say(STOPPING)
            raise StopIteration

        handle_int = handle_term

    class Server(BaseApplication):
        def __init__(self):
            self.options = {
                "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
                "workers": workers,
                "threads": threads,
                "worker_class": "bombaram.web.server.ThreadWorker",
                "graceful_timeout": GRACEFUL_TIMEOUT,
                "timeout": 120,  # a worker whose main loop stops answering is restarted
                "keepalive": 5,
                "loglevel": "warning",
                "accesslog": None,  # no access log: a Delphi panellist's link is their key
                "proc_name": "bombaram",
                # the forwarded scheme and address are judged by web.proxy.TrustedProxyMiddleware
                "secure_scheme_headers": {},
                "forwarded_allow_ips": "127.0.0.1,::1",
                "on_exit": lambda arbiter: _say(STOPPED),
            }
            super().__init__()

        def load_config(self):
            for key, value in self.options.items():
                self.cfg.set(key, value)

        def load(self):
            return application

        def run(self):
            GracefulArbiter(self).run()

    Server().run()


try:
    from gunicorn.workers.gthread import ThreadWorker as _GThreadWorker
except ImportError:  # Windows: gunicorn is not installed there
    _GThreadWorker = None

if _GThreadWorker is not None:

    class ThreadWorker(_GThreadWorker):
        """gunicorn's gthread worker that leaves Ctrl+C to the master: the terminal sends SIGINT to
        every process of the group, and a worker quits on it at once; the master then asks each
        worker (SIGTERM) to finish its requests first."""

        def init_signals(self):
            super().init_signals()
            signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_waitress(application, *, host: str, port: int, threads: int) -> None:
    """waitress, one process (Windows). Ctrl+C or SIGTERM: stop listening, keep serving the
    connections that have a request in flight until their answers are sent, then return."""
    from waitress.channel import HTTPChannel
    from waitress.server import BaseWSGIServer, create_server

    try:
        server = create_server(application, host=host, port=port, threads=threads, ident="bombaram")
    except OSError as exc:
        if exc.errno in (98, 48, 10048):
            raise PortInUse(exc.errno, exc.strerror) from exc
        raise
    channels = server.map if hasattr(server, "map") else server._map
    loop = server.asyncore.loop
    stopping = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stopping.set())
                for sig in (signal.SIGINT, getattr(signal, "SIGTERM", None)) if sig is not None}
    try:
        while not stopping.is_set():
            loop(timeout=0.5, map=channels, count=1)
        _say(STOPPING)
        for listener in [c for c in channels.values() if isinstance(c, BaseWSGIServer)]:
            listener.accepting = False
            listener.del_channel()
            listener.socket.close()
        deadline = time.monotonic() + GRACEFUL_TIMEOUT

        def busy() -> bool:
            return any(isinstance(c, HTTPChannel) and (c.requests or c.request is not None or c.total_outbufs_len)
                       for c in list(channels.values()))

        while busy() and time.monotonic() < deadline:
            loop(timeout=0.1, map=channels, count=1)
        server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
        server.asyncore.close_all(channels)
        _say(STOPPED)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
