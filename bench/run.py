#!/usr/bin/env python
"""Serve a large dataset with the production server and measure it: `make bench`.

What it does, in order:

1. Builds (or reuses) a database of its own with ``generate_bench_data``:
   ``bench/.data/bench-<pages>.sqlite3``, or the PostgreSQL database named by
   ``BENCH_DATABASE_URL`` (created if missing).
2. Counts the database queries each measured address costs, in-process with
   Django's test client, with the page cache off and on.
3. Starts gunicorn with production settings on 127.0.0.1 twice: "cold" (page
   cache off) and "warm" (page cache on), and loads each address with C
   concurrent HTTP/1.1 connections for a fixed time.
4. Scale check: the latency of the listings and the search page with ~100
   pages and with 10,000 pages, against the issue's limits.
5. Prints a table and writes it to ``bench/results/<date>-<database>.md``,
   with the raw numbers in a ``.json`` beside it.

Exits non-zero if any request failed. Loopback only; stdlib plus the
project's own virtualenv (psycopg for PostgreSQL).
"""

import argparse
import asyncio
import http.client
import json
import math
import os
import platform
import runpy
import secrets
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
DATA_DIR = ROOT / "bench" / ".data"
RESULTS_DIR = ROOT / "bench" / "results"
STATIC_ROOT = DATA_DIR / "static"

FLOOR = "/bench/floor/"
SEARCH_WORD = "verkosto"  # every generated page says it (generate_bench_data._text)
LISTING_TYPES = {
    "API v2 list expert groups": "verkosto_pages.ExpertGroupPage",
    "API v2 list service promises": "verkosto_pages.ServicePromisePage",
}
# The addresses the scale check compares between a small and a big tree.
SCALE_LABELS = [*LISTING_TYPES, "expert group index", "search"]
SCALE_LIMIT = 1.5
SEARCH_LIMIT_MS = 1000
LOCAL_REDIS = ("127.0.0.1", 6379)
LOCAL_REDIS_DB = 5  # a database of its own, emptied before each server start
REQUEST_TIMEOUT = 60
MIN_SAMPLES = 20
# An address slower than this alone is reported from one request, not loaded: eight
# clients on a 30-second page would keep the server busy long after the measurement.
SLOW_SECONDS = 5.0
SERVER_START_TIMEOUT = 60


def log(message=""):
    print(message, flush=True)


# --- Databases -------------------------------------------------------------------


@dataclass
class Database:
    url: str
    vendor: str  # "sqlite" or "postgresql"
    name: str  # the file or database name, for people

    @property
    def ready_marker(self):
        # Written once the database is fully built: a build killed half-way
        # (e.g. during search indexing) is rebuilt rather than measured.
        if self.vendor == "sqlite":
            return DATA_DIR / f"{Path(self.name).name}.ready"
        parts = urlsplit(self.url)  # never the password, should the URL hold one
        return DATA_DIR / f"pg-{parts.hostname}-{parts.port or 5432}-{self.name}.ready"


def database_for(pages, main):
    """The database for a tree of ``pages`` pages; ``main`` is the one BENCH_DATABASE_URL names."""
    configured = os.environ.get("BENCH_DATABASE_URL")
    if not configured:
        path = DATA_DIR / f"bench-{pages}.sqlite3"
        return Database(url=f"sqlite:///{path}", vendor="sqlite", name=str(path.relative_to(ROOT)))
    parts = urlsplit(configured)
    if not parts.scheme.startswith("postgres"):
        sys.exit("BENCH_DATABASE_URL must be a postgres:// URL (SQLite is the default without it).")
    name = parts.path.lstrip("/") or "bench"
    if not main:
        name = f"{name}_{pages}"  # the other tree sizes get databases of their own
    if name == "test" or name.startswith("test_"):
        sys.exit(f"Refusing to use the database {name!r}: test runs use it.")
    return Database(url=urlunsplit(parts._replace(path=f"/{name}")), vendor="postgresql", name=name)


def _pg_maintenance(db):
    import psycopg  # the project's own dependency; only needed for PostgreSQL

    parts = urlsplit(db.url)
    return psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True)


def _pg_recreate(db, drop):
    from psycopg import sql

    with _pg_maintenance(db) as connection:
        if drop:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db.name))
            )
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [db.name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db.name)))


def count_pages(db):
    try:
        if db.vendor == "sqlite":
            path = urlsplit(db.url).path
            if not Path(path).exists():
                return 0
            with sqlite3.connect(path) as connection:
                return connection.execute("SELECT count(*) FROM wagtailcore_page").fetchone()[0]
        import psycopg

        with psycopg.connect(db.url) as connection:
            return connection.execute("SELECT count(*) FROM wagtailcore_page").fetchone()[0]
    except Exception:  # noqa: BLE001  (no such table or database yet)
        return 0


def manage(*args, env, quiet=False):
    command = [str(VENV_PYTHON), "manage.py", *args]
    stdout = subprocess.PIPE if quiet else None
    result = subprocess.run(command, cwd=ROOT, env=env, stdout=stdout, text=True, check=False)
    if result.returncode != 0:
        if quiet and result.stdout:
            log(result.stdout)
        sys.exit(f"`manage.py {' '.join(args)}` failed (exit {result.returncode}).")


def build_env(db):
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DJANGO_SETTINGS_MODULE="site.settings.dev",
        DJANGO_DEBUG="0",  # no query log: generation holds thousands of queries
        DATABASE_URL=db.url,
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
    )
    return env


def prepare_database(db, pages, rebuild):
    """Build the database unless a complete one with enough pages is there.

    Returns the seconds the build took, or None when the database was reused.
    """
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    gitignore = DATA_DIR / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text(
            "# Benchmark databases and collected static files (bench/run.py).\n*\n"
        )
    env = build_env(db)
    have = count_pages(db)
    if not rebuild and db.ready_marker.exists() and have >= pages:
        log(f"Database {db.name}: reusing it ({have} pages).")
        manage("migrate", "--noinput", env=env, quiet=True)  # the code may have new migrations
        if have > pages * 1.5:
            log(
                f"  Note: it has far more than {pages} pages; "
                "--rebuild makes one of the asked size."
            )
        return None
    started = time.monotonic()
    db.ready_marker.unlink(missing_ok=True)
    if db.vendor == "sqlite":
        if rebuild:
            path = urlsplit(db.url).path
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(path + suffix).unlink(missing_ok=True)
    else:
        _pg_recreate(db, drop=rebuild)
    log(f"Database {db.name}: building {pages} pages…")
    manage("migrate", "--noinput", env=env, quiet=True)
    manage("load_initial_content", env=env)
    generate_started = time.monotonic()
    if pages:  # 0: the initial content alone (bench/load.py --pages 0)
        manage("generate_bench_data", "--pages", str(pages), env=env)
    generated = time.monotonic() - generate_started
    db.ready_marker.write_text(
        json.dumps({"pages": count_pages(db), "built": datetime.now().isoformat()})
    )
    log(
        f"Database {db.name}: built in {time.monotonic() - started:.0f} s "
        f"(generate_bench_data {generated:.0f} s)."
    )
    return {"total_s": round(time.monotonic() - started, 1), "generate_s": round(generated, 1)}


# --- The cache the servers share ----------------------------------------------------


def redis_command(host, port, *commands, timeout=1.0):
    """Send commands in RESP and return the reply lines (simple replies only)."""
    payload = b""
    for command in commands:
        payload += f"*{len(command)}\r\n".encode()
        for arg in command:
            arg = str(arg).encode()
            payload += b"$%d\r\n%s\r\n" % (len(arg), arg)
    with socket.create_connection((host, port), timeout=timeout) as connection:
        connection.sendall(payload)
        data = b""
        while data.count(b"\r\n") < len(commands):
            chunk = connection.recv(4096)
            if not chunk:
                break
            data += chunk
    return data.decode(errors="replace").split("\r\n")[: len(commands)]


@dataclass
class CacheChoice:
    url: str  # REDIS_URL for the server; "" means each process's local memory
    flush: bool  # our own database on the local Redis: emptied before each start

    @property
    def description(self):
        return f"Redis ({self.url})" if self.url else "local memory (no Redis)"

    def reset(self):
        if self.flush:
            parts = urlsplit(self.url)
            redis_command(
                parts.hostname, parts.port or 6379, ("SELECT", LOCAL_REDIS_DB), ("FLUSHDB",)
            )


def choose_cache(use_redis=True):
    if not use_redis:
        return CacheChoice(url="", flush=False)
    if os.environ.get("REDIS_URL"):
        return CacheChoice(url=os.environ["REDIS_URL"], flush=False)
    try:
        if redis_command(*LOCAL_REDIS, ("PING",))[0] == "+PONG":
            return CacheChoice(
                url=f"redis://{LOCAL_REDIS[0]}:{LOCAL_REDIS[1]}/{LOCAL_REDIS_DB}", flush=True
            )
    except OSError:
        pass
    return CacheChoice(url="", flush=False)


# --- The server ---------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(
    db, page_cache_seconds, cache, port, secret_key, allowed_hosts="127.0.0.1,localhost"
):
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_DEBUG")}
    env.update(
        DJANGO_SETTINGS_MODULE="site.settings.production",
        DJANGO_SECRET_KEY=secret_key,
        DJANGO_ALLOWED_HOSTS=allowed_hosts,
        DATABASE_URL=db.url,
        WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{port}",
        DATABASE_CONN_MAX_AGE="600",
        HOST="127.0.0.1",
        PORT=str(port),
        BENCH_FLOOR_VIEW="1",
        # Loopback has no TLS: plain HTTP is answered, not redirected to HTTPS.
        DJANGO_SECURE_COOKIES="0",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_HSTS_SECONDS="0",
        PAGE_CACHE_SECONDS=str(page_cache_seconds),
        DJANGO_STATIC_ROOT=str(STATIC_ROOT),
    )
    if cache.url:
        env["REDIS_URL"] = cache.url
        if not cache.flush:
            # Someone else's Redis is never emptied: a fresh key prefix keeps runs apart.
            env["CACHE_KEY_PREFIX"] = f"bench-{secrets.token_hex(4)}"
    return env


def gunicorn_settings(env):
    """workers and threads as gunicorn.conf.py computes them for this environment."""
    saved = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update(env)
        config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return config["workers"], config["threads"]


def child_pids(pid):
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


class Server:
    """gunicorn with production settings, in a process group of its own that is always ended."""

    def __init__(self, db, page_cache_seconds, cache, name):
        self.port = free_port()
        self.name = name
        self.env = production_env(
            db, page_cache_seconds, cache, self.port, secrets.token_urlsafe(40)[:50]
        )
        self.cache = cache
        self.workers, self.threads = gunicorn_settings(self.env)
        self.log_path = DATA_DIR / f"server-{name}.log"
        self.process = None

    def __enter__(self):
        self.cache.reset()
        self.log_file = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [str(GUNICORN), "--config", "gunicorn.conf.py"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killpg ends master and workers
        )
        try:
            self._wait_until_up()
        except BaseException:
            self.stop()
            raise
        self.running_workers = self._count_workers()
        log(
            f"Server {self.name}: 127.0.0.1:{self.port}, {self.running_workers} worker(s) × "
            f"{self.threads} thread(s), cache {self.cache.description}."
        )
        return self

    def _wait_until_up(self):
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}"
                )
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=2) as connection:
                    connection.sendall(
                        f"GET {FLOOR} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
                        "Connection: close\r\n\r\n".encode()
                    )
                    if connection.recv(64).startswith(b"HTTP/1.1 200"):
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(
            f"the server did not answer {FLOOR} within {SERVER_START_TIMEOUT} s:\n{self.log_tail()}"
        )

    def _count_workers(self):
        """The workers that are up: gunicorn forks them one by one, so wait a little for all."""
        deadline = time.monotonic() + 5
        while True:
            running = len(child_pids(self.process.pid))
            if running >= self.workers or time.monotonic() > deadline:
                return running
            time.sleep(0.1)

    def log_tail(self, lines=30):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self):
        """End the master and its workers (the whole process group), at once if need be."""
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            except ProcessLookupError:
                pass
        self.log_file.close()

    def __exit__(self, *exc):
        self.stop()


# --- Load ---------------------------------------------------------------------------


class ResponseError(Exception):
    pass


async def read_response(reader):
    """Read one HTTP/1.1 response; return (status, keep_alive, body_length)."""
    status, _headers, keep_alive, length = await read_response_with_headers(reader)
    return status, keep_alive, length


async def read_response_with_headers(reader):
    """Read one HTTP/1.1 response; return (status, headers, keep_alive, body_length).

    Header names are lower-cased bytes; values are bytes as sent (an ETag is compared exactly).
    """
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionResetError("connection closed before the response")
    try:
        status = int(status_line.split(b" ", 2)[1])
    except (IndexError, ValueError):
        raise ResponseError(f"bad status line {status_line[:80]!r}") from None
    headers = {}
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip()
    framed = True
    if status in (204, 304) or status < 200:
        length = 0  # never a body, whatever the headers say (RFC 9112 §6.3)
    elif b"content-length" in headers:
        length = int(headers[b"content-length"])
        await reader.readexactly(length)
    elif headers.get(b"transfer-encoding", b"").lower() == b"chunked":
        length = 0
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(size + 2)  # the chunk and its CRLF
            length += size
            if size == 0:
                break
    else:
        length = len(await reader.read())  # framed by closing the connection
        framed = False
    keep_alive = framed and headers.get(b"connection", b"").lower() != b"close"
    return status, headers, keep_alive, length


@dataclass
class LoadResult:
    requests: int
    seconds: float
    latencies_ms: list
    errors: int
    error_samples: list

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p):
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]

    def as_dict(self):
        return {
            "requests": self.requests,
            "seconds": round(self.seconds, 3),
            "rps": round(self.rps, 1),
            "p50_ms": round(self.percentile(50), 2),
            "p90_ms": round(self.percentile(90), 2),
            "p99_ms": round(self.percentile(99), 2),
            "max_ms": round(max(self.latencies_ms), 2) if self.latencies_ms else None,
            "mean_ms": round(statistics.fmean(self.latencies_ms), 2) if self.latencies_ms else None,
            "errors": self.errors,
            "error_samples": self.error_samples,
        }


class Window:
    """Which responses count: those that end after the warm-up and before the window closes."""

    def __init__(self, start):
        self.start = start
        self.end = None

    def counts(self, finished):
        return self.end is None and finished >= self.start


async def _client(port, path, window, result):
    """One connection's loop: keep-alive while the server allows it, reconnect when it closes."""
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "User-Agent: verkosto-bench\r\nAccept: */*\r\n\r\n"
    ).encode()
    reader = writer = None
    loop = asyncio.get_running_loop()
    while window.end is None:
        started = loop.time()
        reused = writer is not None
        try:
            for attempt in (1, 2):
                try:
                    if writer is None:
                        reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    writer.write(request)
                    status, keep_alive, _length = await asyncio.wait_for(
                        read_response(reader), REQUEST_TIMEOUT
                    )
                    break
                except (ConnectionError, asyncio.IncompleteReadError):
                    if writer is not None:
                        writer.close()
                    reader = writer = None
                    # A kept-alive connection the server closed meanwhile is retried once.
                    if not (reused and attempt == 1):
                        raise
            if not keep_alive:
                writer.close()
                reader = writer = None
            error = None if status == 200 else f"HTTP {status}"
        except Exception as exc:  # noqa: BLE001  (any failure is a failed request, and is counted)
            if writer is not None:
                writer.close()
            reader = writer = None
            error = f"{type(exc).__name__}: {exc}"[:200]
        finished = loop.time()
        if error:
            result.errors += 1  # warm-up included: an error is never hidden
            if len(result.error_samples) < 5:
                result.error_samples.append(error)
        elif window.counts(finished):
            result.requests += 1
            result.latencies_ms.append((finished - started) * 1000)
    if writer is not None:
        writer.close()


async def _load(port, path, concurrency, duration, warmup):
    loop = asyncio.get_running_loop()
    window = Window(loop.time() + warmup)
    result = LoadResult(requests=0, seconds=0.0, latencies_ms=[], errors=0, error_samples=[])
    clients = [asyncio.create_task(_client(port, path, window, result)) for _ in range(concurrency)]
    await asyncio.sleep(warmup + duration)
    # A slow address gets up to three times as long, so that its percentiles rest on some samples.
    latest = window.start + 3 * duration
    while (
        result.requests < MIN_SAMPLES
        and loop.time() < latest
        and not all(c.done() for c in clients)
    ):
        await asyncio.sleep(0.02)
    window.end = loop.time()
    result.seconds = window.end - window.start
    await asyncio.gather(*clients)  # requests in flight finish, uncounted, before the next address
    return result


def load(port, path, concurrency, duration, warmup):
    return asyncio.run(_load(port, path, concurrency, duration, warmup))


# --- Queries per request, in-process (run.py --probe) ---------------------------------


def setup_django():
    """In a subprocess of ours: Django set up with the project's settings, as manage.py does."""
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import site_package  # noqa: F401, I001  (must come first: the project's site/ folder)
    import django

    django.setup()


def software_versions():
    """What a report names: Python, Django, Wagtail and the database server (after setup_django)."""
    import django
    import wagtail
    from django.db import connection

    if connection.vendor == "postgresql":
        version = connection.cursor().connection.info.server_version
        database = f"PostgreSQL {version // 10000}.{version % 10000}"
    else:
        database = f"SQLite {sqlite3.sqlite_version}"
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "database": database,
    }


def probe_main():
    """Inside Django (a subprocess, production settings): find the addresses, count queries.

    Prints one JSON object on the last line of stdout.
    """
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Page, Site

    from verkosto_pages.models import (
        ActionPlanPage,
        ActivityReportPage,
        ContentPage,
        CoordinationGroupPage,
        ExpertGroupIndexPage,
        ExpertGroupPage,
        NetworkIndexPage,
        SafetyNetworkPage,
        ServicePromisePage,
    )
    from verkosto_pages.search import search_pages

    def first(model):
        # The first in tree order: the initial content's page, the same one in every database.
        page = model.objects.live().public().order_by("path").first()
        if page is None:
            raise SystemExit(f"No live {model.__name__} in the database.")
        return page

    def path_of(page):
        return urlsplit(page.get_url()).path

    group, coordination = first(ExpertGroupPage), first(CoordinationGroupPage)
    urls = {"floor": FLOOR}
    site = Site.objects.get(is_default_site=True)
    urls["home"] = path_of(site.root_page)
    for label, model in [
        ("network index", NetworkIndexPage),
        ("coordination group", CoordinationGroupPage),
        ("safety network", SafetyNetworkPage),
        ("expert group index", ExpertGroupIndexPage),
        ("expert group", ExpertGroupPage),
        ("activity report", ActivityReportPage),
        ("action plan", ActionPlanPage),
        ("service promise", ServicePromisePage),
        ("content page", ContentPage),
    ]:
        urls[label] = path_of(first(model))
    urls["search"] = f"/haku/?q={SEARCH_WORD}"
    for label, page_type in LISTING_TYPES.items():
        urls[label] = f"/api/v2/pages/?type={page_type}&fields=*&limit=20"
    urls["API v2 detail expert group"] = f"/api/v2/pages/{group.pk}/"
    urls["API v3 detail expert group"] = f"/api/v3/pages/{group.pk}/"
    urls["API v2 detail coordination group"] = f"/api/v2/pages/{coordination.pk}/"
    urls["API v3 detail coordination group"] = f"/api/v3/pages/{coordination.pk}/"

    # The third request is the steady state: the page cache stores an answer on
    # the second one when its tags are new (verkosto_pages/cache.py).
    client = Client()
    queries = {}
    skip = json.loads(os.environ.get("BENCH_PROBE_SKIP", "[]"))
    for label, url in urls.items():
        if label in skip:
            continue  # found too slow by an earlier probe
        for _ in range(3):
            client.cookies.clear()  # like the load client: never a cookie
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - started
            if elapsed > SLOW_SECONDS:
                break  # not asked again (SLOW_SECONDS)
        queries[label] = {
            "queries": len(captured.captured_queries),
            "status": response.status_code,
            "x_cache": response.get("X-Cache", ""),
            "ms": round(elapsed * 1000, 1),
        }

    out = {
        "urls": urls,
        "queries": queries,
        "pages": Page.objects.count(),
        "search_hits": search_pages(SEARCH_WORD, site).count(),
        "page_cache_seconds": settings.PAGE_CACHE_SECONDS,
        "versions": software_versions(),
    }
    print(json.dumps(out))


def run_probe(db, page_cache_seconds, skip=()):
    """Run ``--probe`` in a subprocess; ``skip``: labels not to request (known to be too slow)."""
    env = production_env(
        db,
        page_cache_seconds,
        CacheChoice(url="", flush=False),  # local memory: never the servers' Redis
        port=8000,
        secret_key=secrets.token_urlsafe(40)[:50],
        allowed_hosts="testserver,127.0.0.1",
    )
    env["BENCH_PROBE_SKIP"] = json.dumps(list(skip))
    result = subprocess.run(
        [str(VENV_PYTHON), str(Path(__file__).resolve()), "--probe"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr[-4000:])
        sys.exit(f"Counting queries failed (exit {result.returncode}).")
    return json.loads(result.stdout.strip().splitlines()[-1])


def too_slow(probe):
    """Labels whose one in-process request took longer than SLOW_SECONDS, with its milliseconds."""
    return {
        label: q["ms"] for label, q in probe["queries"].items() if q["ms"] > SLOW_SECONDS * 1000
    }


# --- Machine and report ---------------------------------------------------------------


def machine_info():
    cpu = "unknown"
    ram_gb = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": ram_gb,
        "load_average": round(os.getloadavg()[0], 2),
    }


def warn_if_busy():
    """Other processes take CPU from the server and the client: say so, as the numbers suffer."""
    load, cores = os.getloadavg()[0], os.cpu_count() or 1
    if load > 0.5 * cores:
        log(
            f"Warning: the machine is busy (load average {load:.1f} on {cores} cores); "
            "the numbers will be lower than on an idle machine."
        )
    return round(load, 2)


def fmt(value, digits=0):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{digits}f}".replace(",", " ")


def queries_cell(probe):
    if probe is None:
        return "–"  # not asked: too slow
    cell = str(probe["queries"])
    return f"{cell} miss" if probe.get("x_cache") == "miss" else cell


def main_table(results, queries):
    """Rows of the main table: one per address, cold and warm side by side."""
    header = [
        "address",
        "cold req/s", "p50 ms", "p99 ms", "err", "% floor", "queries",
        "warm req/s", "p50 ms", "p99 ms", "err", "% floor", "queries",
    ]  # fmt: skip
    rows = []
    for label in results["cold"]:
        row = [label]
        for mode in ("cold", "warm"):
            r = results[mode].get(label)
            floor = results[mode].get("floor")
            if r is None:
                row += ["–"] * 6
                continue
            share = 100 * r["rps"] / floor["rps"] if r["rps"] and floor and floor["rps"] else None
            row += [
                fmt(r["rps"]),
                fmt(r["p50_ms"], 1),
                fmt(r["p99_ms"], 1),
                str(r["errors"]),
                fmt(share, 1),
                queries_cell(queries[mode].get(label)),
            ]
        rows.append(row)
    return header, rows


def text_table(header, rows):
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    lines = [
        "  ".join(
            str(c).ljust(w) if i == 0 else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(line, widths))
        )
        for line in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(header, rows):
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|",
    ]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def scale_table(scale):
    header = [
        "address",
        f"p50 ms, {scale['small_pages']} pages",
        f"p50 ms, {scale['big_pages']} pages",
        "ratio",
        "check",
    ]
    rows = []
    for label in SCALE_LABELS:
        small, big = scale["small"][label], scale["big"][label]
        ratio = big["p50_ms"] / small["p50_ms"] if small["p50_ms"] else float("nan")
        verdicts = [f"{'PASS' if ratio <= SCALE_LIMIT else 'FAIL'} ≤{SCALE_LIMIT}×"]
        if label == "search":
            under = big["p50_ms"] < SEARCH_LIMIT_MS
            note = "" if scale["vendor"] == "postgresql" else " (limit is for PostgreSQL)"
            verdicts.append(f"{'PASS' if under else 'FAIL'} <{SEARCH_LIMIT_MS} ms{note}")
        rows.append(
            [
                label,
                fmt(small["p50_ms"], 1),
                fmt(big["p50_ms"], 1),
                f"{ratio:.2f}×",
                ", ".join(verdicts),
            ]
        )
    return header, rows


# --- The run ---------------------------------------------------------------------------


def single_request(port, path):
    """One plain request: (error or None, seconds)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    started = time.perf_counter()
    try:
        connection.request("GET", path, headers={"User-Agent": "verkosto-bench"})
        response = connection.getresponse()
        response.read()
        error = None if response.status == 200 else f"HTTP {response.status}"
    except (OSError, http.client.HTTPException) as exc:
        error = f"{type(exc).__name__}: {exc}"[:200]
    finally:
        connection.close()
    return error, time.perf_counter() - started


def slow_result(ms, reason, error=None):
    """The record of an address too slow to load: one request's latency, no req/s."""
    return {
        "requests": 0,
        "rps": None,
        "p50_ms": round(ms, 1),
        "p99_ms": round(ms, 1),
        "errors": int(error is not None),
        "error_samples": [error] if error else [],
        "too_slow": reason,
    }


def measure(server, urls, labels, concurrency, duration, warmup, mode, slow):
    """Load each address; ``slow``: labels already known to be too slow (from the probe)."""
    measured = {}
    for label in labels:
        if label in slow:
            r = measured[label] = slow_result(
                slow[label],
                f"one request took {slow[label] / 1000:.1f} s in-process (> {SLOW_SECONDS:g} s): "
                "not loaded",
            )
            log(f"  {mode:<5} {label:<34} {r['too_slow']}")
            continue
        # One request first: an address too slow for load is reported from it alone.
        error, seconds = single_request(server.port, urls[label])
        if seconds > SLOW_SECONDS:
            reason = f"one request took {seconds:.1f} s (> {SLOW_SECONDS:g} s): not loaded"
            r = measured[label] = slow_result(seconds * 1000, reason, error)
            log(f"  {mode:<5} {label:<34} {reason}{f' ({error})' if error else ''}")
            continue
        result = load(server.port, urls[label], concurrency, duration, warmup)
        r = measured[label] = result.as_dict()
        errors = f"  errors {r['errors']}: {r['error_samples'][0]}" if r["errors"] else ""
        log(
            f"  {mode:<5} {label:<34} {fmt(r['rps']):>7} req/s  p50 {fmt(r['p50_ms'], 1):>7} ms  "
            f"p99 {fmt(r['p99_ms'], 1):>7} ms{errors}"
        )
    if any(r["errors"] for r in measured.values()):
        log(
            f"  Server log ({server.log_path.relative_to(ROOT)}), last lines:\n"
            + server.log_tail(15)
        )
    return measured


def collectstatic(db):
    env = production_env(
        db, 0, CacheChoice(url="", flush=False), 8000, secrets.token_urlsafe(40)[:50]
    )
    manage("collectstatic", "--noinput", "--verbosity", "0", env=env)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pages", type=int, default=10_000, help="pages in the main tree (default 10000)"
    )
    parser.add_argument(
        "--small-pages",
        type=int,
        default=100,
        help="pages in the scale check's small tree (default 100)",
    )
    parser.add_argument(
        "--scale-pages",
        type=int,
        default=10_000,
        help="pages in the scale check's big tree (default 10000)",
    )
    parser.add_argument(
        "--concurrency", type=int, default=8, help="concurrent connections (default 8)"
    )
    parser.add_argument(
        "--duration", type=float, default=4.0, help="seconds measured per address (default 4)"
    )
    parser.add_argument(
        "--warmup", type=float, default=0.5, help="seconds of load before measuring (default 0.5)"
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="rebuild the databases even if they exist"
    )
    parser.add_argument(
        "--scale",
        dest="scale",
        action="store_true",
        default=True,
        help="run the scale check (default)",
    )
    parser.add_argument(
        "--no-scale", dest="scale", action="store_false", help="skip the scale check"
    )
    parser.add_argument(
        "--no-redis",
        action="store_true",
        help="serve with the local-memory cache (one process with threads) even if Redis answers",
    )
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def ensure_venv(script=__file__):
    """Run ``script`` (this one by default) under the project's virtualenv (Django, psycopg)."""
    venv = ROOT / ".venv"
    if Path(sys.prefix).resolve() != venv.resolve() and VENV_PYTHON.exists():
        os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), str(Path(script).resolve()), *sys.argv[1:]])


def run_servers(db, cache, urls, args, scale_runs, slow):
    """Load every address on the cold and the warm server.

    The scale check's big tree is measured here too when it is this database.
    """
    results, workers = {}, ""
    load_args = (args.concurrency, args.duration, args.warmup)
    for mode, seconds in (("cold", 0), ("warm", 3600)):
        with Server(db, seconds, cache, mode) as server:
            results[mode] = measure(server, urls, list(urls), *load_args, mode, slow)
            workers = f"{server.running_workers} × {server.threads} threads"
            if mode == "cold" and args.scale and args.pages == args.scale_pages:
                log(f"Scale check, {args.scale_pages} pages (concurrency 1):")
                scale_runs["big"] = measure(
                    server, urls, SCALE_LABELS, 1, args.duration, args.warmup, "cold", slow
                )
    return results, workers


def run_scale_check(db, cache, args, scale_runs, builds):
    """Cold latency at concurrency 1 of the listings and search, with a small and a big tree."""
    for key, pages in (("small", args.small_pages), ("big", args.scale_pages)):
        if key in scale_runs:
            continue  # measured on the main server already
        scale_db = database_for(pages, main=False)
        builds[scale_db.name] = prepare_database(scale_db, pages, args.rebuild)
        scale_probe = run_probe(scale_db, 0)
        log(f"Scale check, {pages} pages (concurrency 1):")
        with Server(scale_db, 0, cache, f"scale-{pages}") as server:
            scale_runs[key] = measure(
                server,
                scale_probe["urls"],
                SCALE_LABELS,
                1,
                args.duration,
                args.warmup,
                "cold",
                too_slow(scale_probe),
            )
    return {
        "small_pages": args.small_pages,
        "big_pages": args.scale_pages,
        "vendor": db.vendor,
        **scale_runs,
    }


def write_report(
    stem,
    *,
    args,
    db,
    cache,
    workers,
    probe,
    queries,
    results,
    scale,
    builds,
    problems,
    seconds,
    load_at_start,
):
    header, rows = main_table(results, queries)
    versions = probe["versions"]
    machine = machine_info()
    settings_line = (
        f"Database {versions['database']} ({db.name}, {probe['pages']} pages); "
        f"cache {cache.description}; gunicorn {workers}; concurrency {args.concurrency}; "
        f"{args.duration:g} s per address after {args.warmup:g} s warm-up."
    )
    legend = (
        "cold = page cache off (PAGE_CACHE_SECONDS=0), warm = on (3600). "
        f"% floor = req/s as a share of {FLOOR} (a trivial JSON view) in the same server. "
        "queries = counted in-process with Django's test client for a steady-state (third) "
        "request; “miss” = the page cache did not answer it. p50/p99 without req/s: too slow "
        f"to load, one request (> {SLOW_SECONDS:g} s)."
    )
    log()
    log(settings_line)
    log(legend)
    log(text_table(header, rows))
    command = " ".join(["bench/run.py", *sys.argv[1:]])
    machine["load_average_at_start"] = load_at_start
    machine_line = (
        f"{machine['platform']}; {machine['cpu']}; {machine['cores']} cores; "
        f"{machine['ram_gb']} GB RAM; load average {load_at_start} at the start, "
        f"{machine['load_average']} at the end"
    )
    md = [
        f"# Benchmark {date.today().isoformat()} ({db.vendor})",
        "",
        f"- Run: {datetime.now().isoformat(timespec='seconds')}, `{command}`",
        f"- Machine: {machine_line}",
        "- Python {python}, Django {django}, Wagtail {wagtail}".format(**versions),
        f"- {settings_line}",
        f"- The search for “{SEARCH_WORD}” finds {probe['search_hits']} pages.",
        "",
        legend,
        "",
        markdown_table(header, rows),
        "",
        "Addresses:",
        "",
        *[f"- {label}: `{url}`" for label, url in probe["urls"].items()],
    ]
    if scale:
        scale_header, scale_rows = scale_table(scale)
        intro = (
            "Cold p50 latency of sequential requests (concurrency 1). The issue's limits: a "
            f"listing within {SCALE_LIMIT}× of its latency with ~100 pages; the search page "
            f"under {SEARCH_LIMIT_MS} ms on PostgreSQL."
        )
        log()
        log(f"Scale check, {scale['small_pages']} vs {scale['big_pages']} pages. {intro}")
        log(text_table(scale_header, scale_rows))
        md += [
            "",
            f"## Scale check: {scale['small_pages']} vs {scale['big_pages']} pages",
            "",
            intro,
            "",
            markdown_table(scale_header, scale_rows),
        ]
    if problems:
        log()
        log("Problems:")
        log("\n".join(f"- {problem}" for problem in problems))
        md += ["", "## Problems", "", *[f"- {problem}" for problem in problems]]
    stem.with_suffix(".md").write_text("\n".join(md) + "\n")
    raw = {
        "date": date.today().isoformat(),
        "args": vars(args),
        "machine": machine,
        "versions": versions,
        "database": {"vendor": db.vendor, "name": db.name, "pages": probe["pages"]},
        "builds": builds,
        "cache": cache.description,
        "workers": workers,
        "search_hits": probe["search_hits"],
        "urls": probe["urls"],
        "queries": queries,
        "results": results,
        "scale": scale,
        "problems": problems,
        "total_seconds": round(seconds, 1),
    }
    stem.with_suffix(".json").write_text(json.dumps(raw, indent=2, ensure_ascii=False) + "\n")


def find_problems(queries, results, scale_runs):
    """(errors, problems): the count of failed requests, and every problem in words."""
    problems = [
        f"in-process {mode} {label}: HTTP {q['status']}"
        for mode, measured in queries.items()
        for label, q in measured.items()
        if q["status"] != 200
    ]
    errors = 0
    runs = [(mode, measured) for mode, measured in results.items()]
    runs += [(f"scale {key}", measured) for key, measured in scale_runs.items()]
    for mode, measured in runs:
        for label, r in measured.items():
            errors += r["errors"]
            if r["errors"]:
                problems.append(
                    f"{mode} {label}: {r['errors']} failed requests, e.g. {r['error_samples'][0]}"
                )
            if r.get("too_slow"):
                problems.append(f"{mode} {label}: {r['too_slow']}")
    return errors, problems


def main():
    args = parse_args()
    if args.probe:
        return probe_main()
    ensure_venv()
    started = time.monotonic()
    load_at_start = warn_if_busy()
    for tool in (VENV_PYTHON, GUNICORN):
        if not tool.exists():
            sys.exit(f"{tool.relative_to(ROOT)} is missing: run `make install` first.")

    db = database_for(args.pages, main=True)
    cache = choose_cache(use_redis=not args.no_redis)
    builds = {db.name: prepare_database(db, args.pages, args.rebuild)}
    log("Collecting static files (production storage)…")
    collectstatic(db)

    log("Counting queries per request (in-process, page cache off and on)…")
    probe = run_probe(db, 0)
    slow = too_slow(probe)  # not asked again, in-process or over HTTP
    queries = {"cold": probe["queries"], "warm": run_probe(db, 3600, skip=slow)["queries"]}
    log(f"  {probe['pages']} pages; the search for “{SEARCH_WORD}” finds {probe['search_hits']}.")

    scale_runs = {}
    results, workers = run_servers(db, cache, probe["urls"], args, scale_runs, slow)
    scale = run_scale_check(db, cache, args, scale_runs, builds) if args.scale else None

    errors, problems = find_problems(queries, results, scale_runs)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stem = RESULTS_DIR / f"{date.today().isoformat()}-{db.vendor}"
    write_report(
        stem,
        args=args,
        db=db,
        cache=cache,
        workers=workers,
        probe=probe,
        queries=queries,
        results=results,
        scale=scale,
        builds=builds,
        problems=problems,
        seconds=time.monotonic() - started,
        load_at_start=load_at_start,
    )
    log()
    log(
        f"Written {stem.with_suffix('.md').relative_to(ROOT)} and .json "
        f"({time.monotonic() - started:.0f} s in all)."
    )
    if errors:
        log(f"{errors} requests failed.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
