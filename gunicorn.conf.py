"""gunicorn settings for `make serve-prod`; every value can be overridden from the environment.

Worker count: 2 × cores + 1 processes. The response cache is on only with Redis
(REDIS_URL), which every process shares; without it the cache is off
(site/settings/base.py), as a process-local cache would not hear of edits made in
another process.
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
wsgi_app = "wsgi:application"

workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))

# Load Django once, before forking: workers start fast and share its memory.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Errors go to stderr; an access log line per request would cost more than a cached answer.
errorlog = "-"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")


def post_fork(server, worker):
    # A connection opened before the fork must not be shared between processes.
    from django.db import connections

    connections.close_all()
