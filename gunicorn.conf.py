"""gunicorn settings for `make serve-prod`; every value can be overridden from the environment.

Worker count: the page cache must be shared by every process that serves pages,
or a worker that did not see an edit would go on serving what it cached before.
With Redis (REDIS_URL) the workers share it, so there are 2 × cores + 1 of them.
With the local-memory cache there is one process with threads, which share it.
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
wsgi_app = "wsgi:application"

_shared_cache = bool(os.environ.get("REDIS_URL"))
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1 if _shared_cache else 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1 if _shared_cache else 4))

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
