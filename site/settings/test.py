"""Test runs: fast hashing, no debug, media in a temporary folder.

DATABASE_URL still applies, so the same suite runs on SQLite and PostgreSQL.
"""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="verkosto-test-media-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {"version": 1, "disable_existing_loggers": False}

# One process: the local-memory response cache is coherent, so the suite runs with it on.
PAGE_CACHE_SECONDS = 3600

# Off, so that each test's query counts do not include the check; the tests of
# scheduled publishing turn it on (tests/test_scheduling.py).
SCHEDULED_PUBLISHING_INTERVAL = 0
