#!/usr/bin/env python
"""A bounded load test of the production server on loopback: `make load`.

What it does, in order:

1. Builds (or reuses) a database of its own: ``migrate``, ``load_initial_content``
   and ``generate_bench_data --pages N`` (default 1000; 0 = the initial content
   alone), in ``bench/.data/bench-<N>.sqlite3`` or, with ``BENCH_DATABASE_URL``,
   in the PostgreSQL database ``<name>_<N>`` on that server (created if missing).
   These are bench/run.py's databases: a tree of the same size is shared.
2. Lists the addresses to ask for, in Django (a subprocess): every public page
   type's HTML, the expert group index's second page, search, the sitemap, a
   static file, API v2 listings (``type``, ``fields=*``, ``child_of``,
   ``theme``, ``status``) and details, API v3 listings and details, and a few
   addresses that do not exist.
3. For each response cache mode, off (``PAGE_CACHE_SECONDS=0``) and on (Redis,
   a database of its own and a fresh key prefix, removed afterwards), starts
   gunicorn with the production settings on a free port of 127.0.0.1, asks
   every address once (each must give its expected status; ETags are noted),
   measures the floor (``/bench/floor/``, a trivial view) for scale, then runs
   C concurrent keep-alive clients for D seconds, at most M requests in all.
   Each request picks an address group by weight (``MIX``), then an address in
   it; the "If-None-Match" group sends back an ETag seen before.
4. Prints the figures (req/s, p50/p95/p99/max latency, status codes, errors
   by kind, the same per address group) and writes them to
   ``bench/results/<date>-load-<database>.md``, with a ``.json`` beside it.

An error is a 5xx, a failed connection, a timeout or any status other than the
address expects (200; 304 for a conditional request; 404 for the addresses that
do not exist), and a traceback or worker timeout in the server's log. Exits 1
if there was any. The server is always stopped, on Ctrl-C and SIGTERM too.
Standard library plus the project's virtualenv (psycopg, redis).
"""

import argparse
import asyncio
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402  (bench/run.py: databases, the server, the HTTP reader)

ROOT = bench.ROOT
RESULTS_DIR = bench.RESULTS_DIR
log = bench.log
fmt = bench.fmt

# The Redis database of the load test's cache (the site uses 0, bench/run.py 5).
# Keys carry a fresh prefix per server and are deleted when the server stops.
LOAD_REDIS_DB = 3
CACHE_ON_SECONDS = 600  # an upper bound only: anything left behind expires
USER_AGENT = "verkosto-load"
CHECK_CONCURRENCY = 4
LOG_PROBLEMS = ("Traceback", "WORKER TIMEOUT", "[CRITICAL]", "[ERROR]")


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    weight: int
    expect: int = 200


# What the clients ask for, and how often: a request picks a group by weight,
# then one of its addresses at random. Pages and listings dominate, as on the site.
MIX = [
    Group("home", "HTML home", 8),
    Group("network", "HTML network index", 3),
    Group("bodies", "HTML coordination group, safety network", 4),
    Group("group_index", "HTML expert group index", 3),
    Group("group_index_page", "HTML expert group index ?sivu=2", 2),
    Group("groups", "HTML expert groups", 8),
    Group("reports", "HTML activity reports", 3),
    Group("plans", "HTML action plans", 3),
    Group("promises", "HTML service promises", 4),
    Group("content", "HTML content pages", 3),
    Group("search", "HTML search /haku/?q=", 4),
    Group("sitemap", "sitemap.xml", 1),
    Group("static", "static file (CSS)", 2),
    Group("api_v2_list", "API v2 listings", 10),
    Group("api_v2_detail", "API v2 detail", 8),
    Group("api_v3_list", "API v3 listings", 4),
    Group("api_v3_detail", "API v3 detail", 6),
    Group("conditional", "If-None-Match → 304", 10, expect=304),
    Group("not_found", "expected 404", 4, expect=404),
]
GROUPS = {group.key: group for group in MIX}
SEARCH_WORDS = ["verkosto", "ehkäisevä", "päihde"]


# --- The addresses, found in Django (load.py --discover) ---------------------------------


def discover_main():
    """Inside Django (a subprocess, production settings): print the addresses as JSON."""
    bench.setup_django()
    from django.templatetags.static import static
    from django.utils.encoding import iri_to_uri
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
        Theme,
    )

    def spread(model, n):
        """Up to n live public pages' ids, spread over the tree; the first is the initial one."""
        ids = list(model.objects.live().public().order_by("path").values_list("pk", flat=True))
        if not ids:
            raise SystemExit(f"No live public {model.__name__} in the database.")
        step = len(ids) / min(n, len(ids))
        return [ids[int(i * step)] for i in range(min(n, len(ids)))]

    def paths(ids):
        pages = {page.pk: page for page in Page.objects.filter(pk__in=ids)}
        return [iri_to_uri(urlsplit(pages[pk].get_url()).path) for pk in ids]

    def query(base, **params):
        return f"{base}?{urlencode(params)}"

    site = Site.objects.get(is_default_site=True)
    network = spread(NetworkIndexPage, 1)
    index = spread(ExpertGroupIndexPage, 1)
    bodies = spread(CoordinationGroupPage, 1) + spread(SafetyNetworkPage, 1)
    groups = spread(ExpertGroupPage, 12)
    reports = spread(ActivityReportPage, 6)
    plans = spread(ActionPlanPage, 6)
    promises = spread(ServicePromisePage, 8)
    content = spread(ContentPage, 6)
    themes = list(Theme.objects.order_by("pk").values_list("slug", flat=True)[:2])
    index_path = paths(index)[0]
    missing_id = (Page.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 100_000
    group_type = "verkosto_pages.ExpertGroupPage"
    promise_type = "verkosto_pages.ServicePromisePage"
    v2, v3 = "/api/v2/pages/", "/api/v3/pages/"
    details = [site.root_page_id, *network, *bodies, *index]
    details += [*groups[:4], *promises[:3], *reports[:2], *plans[:2], *content[:2]]

    targets = {
        "home": [iri_to_uri(urlsplit(site.root_page.get_url()).path)],
        "network": paths(network),
        "bodies": paths(bodies),
        "group_index": [index_path],
        "group_index_page": [f"{index_path}?sivu=2"],
        "groups": paths(groups),
        "reports": paths(reports),
        "plans": paths(plans),
        "promises": paths(promises),
        "content": paths(content),
        "search": [
            *[query("/haku/", q=word) for word in SEARCH_WORDS],
            query("/haku/", q=SEARCH_WORDS[0], sivu=2),
        ],
        "sitemap": ["/sitemap.xml"],
        "static": [static("css/site.css")],
        "api_v2_list": [
            query(v2, type=group_type, fields="*", limit=20),
            query(v2, type=group_type, fields="*", limit=20, offset=20),
            query(v2, type=promise_type, fields="*", limit=20),
            query(v2, type="verkosto_pages.ActivityReportPage", fields="*", limit=20),
            *[query(v2, type=group_type, fields="*", theme=slug, limit=20) for slug in themes],
            *[query(v2, type=promise_type, fields="*", theme=slug) for slug in themes[:1]],
            query(v2, child_of=network[0], fields="*", limit=20),
            query(v2, child_of=index[0], type=group_type, fields="*", limit=20),
            query(v2, status="active", fields="*", limit=20),
        ],
        "api_v2_detail": [f"{v2}{pk}/" for pk in details],
        "api_v3_list": [
            query(v3, type=group_type, limit=20),
            query(v3, child_of=network[0]),
            *[query(v3, type=promise_type, theme=slug) for slug in themes[:1]],
            query(v3, type=group_type, status="active"),
        ],
        "api_v3_detail": [f"{v3}{pk}/" for pk in details],
        "not_found": [
            "/ei-ole-olemassa/",
            f"{paths(network)[0]}ei-ole-olemassa/",
            f"{v2}{missing_id}/",
            f"{v3}{missing_id}/",
            "/api/v9/pages/",
        ],
    }
    out = {
        "targets": targets,
        "pages": Page.objects.count(),
        "versions": bench.software_versions(),
    }
    print(json.dumps(out, ensure_ascii=False))


def discover(db):
    env = bench.production_env(
        db,
        0,
        bench.CacheChoice(url="", flush=False),
        port=8000,
        secret_key=secrets.token_urlsafe(40)[:50],
        allowed_hosts="testserver,127.0.0.1",
    )
    result = subprocess.run(
        [str(bench.VENV_PYTHON), str(Path(__file__).resolve()), "--discover"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr[-4000:])
        sys.exit(f"Listing the addresses failed (exit {result.returncode}).")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- The clients -------------------------------------------------------------------------


@dataclass
class Record:
    group: str
    status: int  # 0: no response
    ms: float
    error: str | None  # the kind: "5xx", "unexpected status", "timeout", "connection", …


class State:
    """What the clients share: the deadline, the request budget, the ETags seen, the records."""

    def __init__(self, deadline, max_requests):
        self.deadline = deadline
        self.max_requests = max_requests
        self.issued = 0
        self.records = []
        self.samples = []  # up to 10 failed requests, in words
        self.etags = {}  # path → the last ETag a 200 carried
        self.etag_paths = []

    def note_etag(self, path, etag):
        if path not in self.etags:
            self.etag_paths.append(path)
        self.etags[path] = etag

    def fail(self, group, path, detail):
        if len(self.samples) < 10:
            self.samples.append(f"{group} {path}: {detail}"[:300])


class Connection:
    """One keep-alive connection: reopened when the server closes it (gunicorn's sync
    workers close after every response), a stale one retried once."""

    def __init__(self, port, timeout):
        self.port = port
        self.timeout = timeout
        self.reader = self.writer = None

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def get(self, path, headers=()):
        request = (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
            f"User-Agent: {USER_AGENT}\r\nAccept: */*\r\n"
            + "".join(f"{name}: {value}\r\n" for name, value in headers)
            + "\r\n"
        ).encode()
        reused = self.writer is not None
        for attempt in (1, 2):
            try:
                if self.writer is None:
                    self.reader, self.writer = await asyncio.wait_for(
                        asyncio.open_connection("127.0.0.1", self.port), self.timeout
                    )
                self.writer.write(request)
                status, response_headers, keep_alive, _length = await asyncio.wait_for(
                    bench.read_response_with_headers(self.reader), self.timeout
                )
                break
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                # A kept-alive connection the server closed meanwhile is retried once.
                if not (reused and attempt == 1):
                    raise
            except BaseException:
                self.close()
                raise
        if not keep_alive:
            self.close()
        return status, response_headers


def error_kind(exc):
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError)):
        return "timeout"
    if isinstance(exc, (ConnectionError, asyncio.IncompleteReadError, OSError)):
        return "connection"
    return "bad response"


async def ask(connection, state, group, path, headers=()):
    """One request, recorded; returns the response's headers (None if it failed)."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    try:
        status, response_headers = await connection.get(path, headers)
    except Exception as exc:  # noqa: BLE001  (every failure is a failed request, and is counted)
        kind = error_kind(exc)
        state.records.append(Record(group.key, 0, (loop.time() - started) * 1000, kind))
        state.fail(group.label, path, f"{kind}: {type(exc).__name__}: {exc}")
        return None
    ms = (loop.time() - started) * 1000
    kind = None
    if status >= 500:
        kind = "5xx"
    elif status != group.expect:
        kind = "unexpected status"
    if kind:
        state.fail(group.label, path, f"HTTP {status}, expected {group.expect}")
    state.records.append(Record(group.key, status, ms, kind))
    etag = response_headers.get(b"etag")
    if status == 200 and etag:
        state.note_etag(path, etag.decode("latin-1"))
    return response_headers


async def client(number, port, state, targets, args):
    rng = random.Random(args.seed * 1000 + number)
    groups = [group for group in MIX if targets.get(group.key) or group.key == "conditional"]
    weights = [group.weight for group in groups]
    plain = [group for group in groups if group.key not in ("conditional", "not_found")]
    connection = Connection(port, args.timeout)
    loop = asyncio.get_running_loop()
    try:
        while loop.time() < state.deadline and state.issued < state.max_requests:
            state.issued += 1
            group = rng.choices(groups, weights)[0]
            if group.key == "conditional" and state.etag_paths:
                path = rng.choice(state.etag_paths)
                await ask(connection, state, group, path, [("If-None-Match", state.etags[path])])
                continue
            if group.key == "conditional":  # no ETag seen yet: a plain request instead
                group = rng.choice(plain)
            await ask(connection, state, group, rng.choice(targets[group.key]))
    finally:
        connection.close()


async def check_all(port, targets, args, passes=1):
    """Every address ``passes`` times, a few at a time: the status each gives, and the ETags.

    With the cache on, the second pass finds what the first stored (an answer is
    stored on its second request when its tags are new, verkosto_pages/cache.py),
    so the load starts from a warm cache, as a site in use has.
    """
    state = State(deadline=None, max_requests=None)
    queue = [(GROUPS[key], path) for key, paths in targets.items() for path in paths] * passes

    async def worker():
        connection = Connection(port, args.timeout)
        try:
            while queue:
                group, path = queue.pop(0)
                await ask(connection, state, group, path)
        finally:
            connection.close()

    await asyncio.gather(*(worker() for _ in range(CHECK_CONCURRENCY)))
    return state


async def load_all(port, targets, etags, args):
    loop = asyncio.get_running_loop()
    started = loop.time()
    state = State(deadline=started + args.duration, max_requests=args.max_requests)
    for path, etag in etags.items():
        state.note_etag(path, etag)
    await asyncio.gather(
        *(client(number, port, state, targets, args) for number in range(args.clients))
    )
    return state, loop.time() - started


# --- Figures -----------------------------------------------------------------------------


def figures(records, seconds):
    """req/s and latency of the answered requests (expected statuses), errors by kind."""
    answered = [r.ms for r in records if r.error is None]
    result = bench.LoadResult(
        requests=len(records), seconds=seconds, latencies_ms=answered, errors=0, error_samples=[]
    )
    errors = Counter(r.error for r in records if r.error)
    return {
        "requests": len(records),
        "rps": round(result.rps, 1),
        "p50_ms": round(result.percentile(50), 1),
        "p95_ms": round(result.percentile(95), 1),
        "p99_ms": round(result.percentile(99), 1),
        "max_ms": round(max(answered), 1) if answered else None,
        "errors": sum(errors.values()),
        "errors_by_kind": dict(errors),
        "statuses": {
            str(status or "none"): count
            for status, count in sorted(Counter(r.status for r in records).items())
        },
    }


def server_log_problems(path):
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return []
    return [line.strip()[:200] for line in lines if any(word in line for word in LOG_PROBLEMS)]


def forget_cache(env):
    """Delete the keys this server's cache wrote (its own key prefix), if it used Redis."""
    url, prefix = env.get("REDIS_URL"), env.get("CACHE_KEY_PREFIX")
    if not url or not prefix:
        return
    try:
        import redis  # the project's own dependency (django-redis)

        connection = redis.Redis.from_url(url, socket_timeout=2)
        keys = list(connection.scan_iter(match=f"{prefix}:*", count=1000))
        for start in range(0, len(keys), 500):
            connection.delete(*keys[start : start + 500])
        connection.close()
    except Exception as exc:  # noqa: BLE001  (left-over keys are no reason to fail the run)
        log(f"  Note: could not delete the cache's keys ({prefix}:*): {exc}")


def run_mode(db, cache, targets, args, mode, page_cache_seconds):
    server = bench.Server(db, page_cache_seconds, cache, f"load-{mode}")
    try:
        with server:
            passes = 2 if page_cache_seconds else 1
            checked = asyncio.run(check_all(server.port, targets, args, passes))
            bad = [r for r in checked.records if r.error]
            log(
                f"  Asked every address {'twice' if passes == 2 else 'once'} "
                f"({len(checked.records)} requests): "
                + (f"{len(bad)} failed, e.g. {checked.samples[0]}" if bad else "all as expected")
                + f"; {len(checked.etags)} gave an ETag."
            )
            floor = None
            if args.floor_seconds > 0:
                # The same clients on a trivial view: what this machine allows right now.
                floor = bench.load(
                    server.port, bench.FLOOR, args.clients, args.floor_seconds, 0.5
                ).as_dict()
                log(
                    f"  Floor ({bench.FLOOR}, a trivial view): {fmt(floor['rps'])} req/s, "
                    f"p50 {fmt(floor['p50_ms'], 1)} ms, {floor['errors']} errors."
                )
            log(f"  {args.clients} clients for {args.duration:g} s (at most {args.max_requests})…")
            state, seconds = asyncio.run(load_all(server.port, targets, checked.etags, args))
            workers = f"{server.running_workers} × {server.threads} thread(s)"
    finally:
        # Stop it even when stop() itself was interrupted (a second Ctrl-C).
        if server.process is not None and server.process.poll() is None:
            try:
                os.killpg(server.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        forget_cache(server.env)
    overall = figures(state.records, seconds)
    overall["seconds"] = round(seconds, 2)
    by_group = {}
    for group in MIX:
        records = [r for r in state.records if r.group == group.key]
        if records:
            by_group[group.key] = figures(records, seconds)
    log_problems = server_log_problems(server.log_path)
    return {
        "mode": mode,
        "page_cache_seconds": page_cache_seconds,
        "workers": workers,
        "check": {
            "passes": passes,
            "requests": len(checked.records),
            "errors": len(bad),
            "etags": len(checked.etags),
            "error_samples": checked.samples,
        },
        "floor": floor,
        "overall": overall,
        "groups": by_group,
        "error_samples": state.samples,
        "etag_addresses": len(state.etags),
        "server_log_problems": log_problems[:20],
        "server_log_problem_count": len(log_problems),
        "server_log": str(server.log_path.relative_to(ROOT)),
    }


def failures(run):
    floor_errors = run["floor"]["errors"] if run["floor"] else 0
    return (
        run["check"]["errors"]
        + floor_errors
        + run["overall"]["errors"]
        + run["server_log_problem_count"]
    )


MODE_TITLES = {"off": "response cache off", "on": "response cache on"}


def summary_table(runs):
    header = ["", *[MODE_TITLES[mode] for mode in runs]]
    rows = [
        ["requests", *[fmt(r["overall"]["requests"]) for r in runs.values()]],
        ["seconds", *[fmt(r["overall"]["seconds"], 1) for r in runs.values()]],
        ["req/s", *[fmt(r["overall"]["rps"]) for r in runs.values()]],
    ]
    for p in ("p50", "p95", "p99", "max"):
        rows.append([f"{p} ms", *[fmt(r["overall"][f"{p}_ms"], 1) for r in runs.values()]])
    rows.append(["floor req/s", *[floor_cell(r, "rps") for r in runs.values()]])
    rows.append(["req/s, % of floor", *[floor_cell(r, "share") for r in runs.values()]])
    rows.append(["errors", *[errors_cell(r) for r in runs.values()]])
    rows.append(
        [
            "statuses",
            *[
                ", ".join(f"{s}: {n}" for s, n in r["overall"]["statuses"].items())
                for r in runs.values()
            ],
        ]
    )
    rows.append(["server", *[r["workers"] for r in runs.values()]])
    return header, rows


def floor_cell(run, what):
    floor = run["floor"]
    if not floor or not floor["rps"]:
        return "–"
    if what == "rps":
        return fmt(floor["rps"])
    return f"{100 * run['overall']['rps'] / floor['rps']:.1f} %"


def errors_cell(run):
    kinds = dict(run["overall"]["errors_by_kind"])
    if run["floor"] and run["floor"]["errors"]:
        kinds["floor"] = run["floor"]["errors"]
    if run["check"]["errors"]:
        kinds["first check"] = run["check"]["errors"]
    if run["server_log_problem_count"]:
        kinds["server log"] = run["server_log_problem_count"]
    total = sum(kinds.values())
    if not total:
        return "0"
    return f"{total} ({', '.join(f'{kind}: {n}' for kind, n in kinds.items())})"


def group_table(run):
    header = [
        "group", "share", "requests", "req/s",
        "p50 ms", "p95 ms", "p99 ms", "max ms", "errors", "statuses",
    ]  # fmt: skip
    total = run["overall"]["requests"] or 1
    rows = []
    for group in MIX:
        g = run["groups"].get(group.key)
        if g is None:
            continue
        rows.append(
            [
                group.label,
                f"{100 * g['requests'] / total:.1f} %",
                fmt(g["requests"]),
                fmt(g["rps"], 1),
                fmt(g["p50_ms"], 1),
                fmt(g["p95_ms"], 1),
                fmt(g["p99_ms"], 1),
                fmt(g["max_ms"], 1),
                str(g["errors"]),
                ", ".join(f"{s}: {n}" for s, n in g["statuses"].items()),
            ]
        )
    return header, rows


def mix_table(targets):
    total = sum(group.weight for group in MIX)
    header = ["group", "weight", "share", "addresses", "expected"]
    rows = [
        [
            group.label,
            str(group.weight),
            f"{100 * group.weight / total:.0f} %",
            str(len(targets[group.key])) if group.key in targets else "every one with an ETag",
            str(group.expect),
        ]
        for group in MIX
    ]
    return header, rows


def write_report(stem, *, args, db, cache, discovery, runs, build, seconds, load_at_start):
    versions = discovery["versions"]
    machine = bench.machine_info()
    machine["load_average_at_start"] = load_at_start
    settings_line = (
        f"Database {versions['database']} ({db.name}, {discovery['pages']} pages); "
        f"cache {cache.description}; {args.clients} clients for {args.duration:g} s per mode, "
        f"at most {args.max_requests} requests, {args.timeout:g} s timeout, seed {args.seed}."
    )
    total_failures = sum(failures(run) for run in runs.values())
    verdict = (
        "**0 errors.**"
        if not total_failures
        else f"**{total_failures} errors** (see below and the server logs)."
    )
    legend = (
        "Latency is per request, from connecting to the last byte, over the answers with "
        "their expected status; req/s counts every request over the run's duration. An error "
        "is a 5xx, a failed connection, a timeout, a status other than the address expects "
        "(200, 304 for If-None-Match, 404 for the missing addresses) or a traceback or worker "
        "timeout in the server's log. The floor is the same clients on a trivial JSON view "
        f"({bench.FLOOR}) in the same server just before: what the machine allowed at the "
        "time. The load generator is Python on the same machine."
    )
    command = " ".join(["bench/load.py", *sys.argv[1:]])
    machine_line = (
        f"{machine['platform']}; {machine['cpu']}; {machine['cores']} cores; "
        f"{machine['ram_gb']} GB RAM; load average {load_at_start} at the start, "
        f"{machine['load_average']} at the end"
    )
    header, rows = summary_table(runs)
    md = [
        f"# Load test {date.today().isoformat()} ({db.vendor})",
        "",
        f"- Run: {datetime.now().isoformat(timespec='seconds')}, `{command}`",
        f"- Machine: {machine_line}",
        "- Python {python}, Django {django}, Wagtail {wagtail}".format(**versions),
        f"- {settings_line}",
        f"- Result: {verdict}",
        "",
        legend,
        "",
        bench.markdown_table(header, rows),
    ]
    log()
    log(settings_line)
    log(bench.text_table(header, rows))
    for mode, run in runs.items():
        g_header, g_rows = group_table(run)
        title = (
            f"Response cache {mode} (PAGE_CACHE_SECONDS={run['page_cache_seconds']}), "
            f"{run['etag_addresses']} addresses with an ETag"
        )
        log()
        log(title)
        log(bench.text_table(g_header, g_rows))
        md += ["", f"## {title}", "", bench.markdown_table(g_header, g_rows)]
        problems = [*run["check"]["error_samples"], *run["error_samples"]]
        if run["floor"]:
            problems += [f"floor: {sample}" for sample in run["floor"]["error_samples"]]
        problems += [f"server log: {line}" for line in run["server_log_problems"]]
        if problems:
            log("Failures:")
            log("\n".join(f"- {p}" for p in problems))
            md += ["", "Failures:", "", *[f"- {p}" for p in problems]]
    m_header, m_rows = mix_table(discovery["targets"])
    md += [
        "",
        "## The mix",
        "",
        bench.markdown_table(m_header, m_rows),
        "",
        "Addresses:",
        "",
        *[
            f"- {GROUPS[key].label}: " + ", ".join(f"`{path}`" for path in paths)
            for key, paths in discovery["targets"].items()
        ],
    ]
    stem.with_suffix(".md").write_text("\n".join(md) + "\n")
    raw = {
        "date": date.today().isoformat(),
        "args": vars(args),
        "machine": machine,
        "versions": versions,
        "database": {"vendor": db.vendor, "name": db.name, "pages": discovery["pages"]},
        "build": build,
        "cache": cache.description,
        "mix": [vars(group) for group in MIX],
        "targets": discovery["targets"],
        "runs": runs,
        "errors": total_failures,
        "total_seconds": round(seconds, 1),
    }
    stem.with_suffix(".json").write_text(json.dumps(raw, indent=2, ensure_ascii=False) + "\n")


# --- The run -----------------------------------------------------------------------------


def static_files_current():
    """Whether the collected files are newer than static/ and the last install.

    Collecting takes a while; a stale manifest would show as 500s in the first check.
    """
    manifest = bench.STATIC_ROOT / "staticfiles.json"
    if not manifest.exists():
        return False
    sources = [ROOT / ".venv" / ".installed", ROOT / "static"]
    sources += list((ROOT / "static").rglob("*"))
    built = manifest.stat().st_mtime
    return all(path.stat().st_mtime < built for path in sources if path.exists())


def choose_cache(args):
    """Redis for the cache-on run: REDIS_URL if set, else the local one's LOAD_REDIS_DB.

    Never emptied: a fresh key prefix per server keeps runs apart, and its keys are
    deleted afterwards. Without Redis each worker caches in its own memory.
    """
    if os.environ.get("REDIS_URL"):
        return bench.CacheChoice(url=os.environ["REDIS_URL"], flush=False)
    host, port = bench.LOCAL_REDIS
    try:
        if bench.redis_command(host, port, ("PING",))[0] == "+PONG":
            return bench.CacheChoice(url=f"redis://{host}:{port}/{args.redis_db}", flush=False)
    except OSError:
        pass
    log("Note: no Redis at 127.0.0.1:6379; each gunicorn worker caches in its own memory.")
    return bench.CacheChoice(url="", flush=False)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pages",
        type=int,
        default=1000,
        help="pages in the tree (default 1000; 0: the initial content alone)",
    )
    parser.add_argument(
        "--clients", type=int, default=16, help="concurrent connections (default 16)"
    )
    parser.add_argument(
        "--duration", type=float, default=20.0, help="seconds of load per mode (default 20)"
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        default=30_000,
        help="at most this many requests per mode, whatever the duration (default 30000)",
    )
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds one request may take (default 30)"
    )
    parser.add_argument(
        "--cache",
        choices=["both", "off", "on"],
        default="both",
        help="run with the response cache off, on, or both (default)",
    )
    parser.add_argument(
        "--redis-db",
        type=int,
        default=LOAD_REDIS_DB,
        help=f"database of the local Redis for the cache (default {LOAD_REDIS_DB})",
    )
    parser.add_argument(
        "--floor-seconds",
        type=float,
        default=3.0,
        help=f"seconds on {bench.FLOOR} first, for scale (default 3; 0: none)",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the clients' choices")
    parser.add_argument(
        "--rebuild", action="store_true", help="rebuild the database even if it exists"
    )
    parser.add_argument("--discover", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.clients < 1 or args.duration <= 0 or args.max_requests < 1 or args.pages < 0:
        parser.error("--clients, --duration and --max-requests must be positive, --pages ≥ 0")
    return args


def interrupt(signum, frame):
    raise KeyboardInterrupt


def main():
    args = parse_args()
    if args.discover:
        return discover_main()
    bench.ensure_venv(__file__)
    signal.signal(signal.SIGTERM, interrupt)  # like Ctrl-C: the server is stopped on the way out
    started = time.monotonic()
    load_at_start = bench.warn_if_busy()
    for tool in (bench.VENV_PYTHON, bench.GUNICORN):
        if not tool.exists():
            sys.exit(f"{tool.relative_to(ROOT)} is missing: run `make install` first.")
    try:
        db = bench.database_for(args.pages, main=False)
        build = bench.prepare_database(db, args.pages, args.rebuild)
        if static_files_current():
            log(f"Static files: {bench.STATIC_ROOT.relative_to(ROOT)} is up to date.")
        else:
            log("Collecting static files (production storage)…")
            bench.collectstatic(db)
        discovery = discover(db)
        targets = discovery["targets"]
        log(
            f"  {discovery['pages']} pages; {sum(len(p) for p in targets.values())} addresses "
            f"in {len(targets)} groups."
        )
        cache = choose_cache(args)
        modes = [("off", 0), ("on", CACHE_ON_SECONDS)]
        runs = {}
        for mode, seconds in modes:
            if args.cache not in ("both", mode):
                continue
            log(f"Response cache {mode}:")
            runs[mode] = run_mode(db, cache, targets, args, mode, seconds)
            r = runs[mode]["overall"]
            log(
                f"  {r['requests']} requests in {r['seconds']:.1f} s: {fmt(r['rps'])} req/s, "
                f"p50 {fmt(r['p50_ms'], 1)} ms, p95 {fmt(r['p95_ms'], 1)} ms, "
                f"p99 {fmt(r['p99_ms'], 1)} ms; {errors_cell(runs[mode])} errors."
            )
    except KeyboardInterrupt:
        log("\nInterrupted; the server is stopped.")
        return 130
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stem = RESULTS_DIR / f"{date.today().isoformat()}-load-{db.vendor}"
    write_report(
        stem,
        args=args,
        db=db,
        cache=cache,
        discovery=discovery,
        runs=runs,
        build=build,
        seconds=time.monotonic() - started,
        load_at_start=load_at_start,
    )
    total = sum(failures(run) for run in runs.values())
    log()
    log(
        f"Written {stem.with_suffix('.md').relative_to(ROOT)} and .json "
        f"({time.monotonic() - started:.0f} s in all)."
    )
    if total:
        log(f"{total} errors.")
        return 1
    log("0 errors.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
