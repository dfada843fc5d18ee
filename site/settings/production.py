"""Production: refuses to start without its secrets; secure cookies and headers."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = False

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
# Django's deploy check asks for 50 characters, at least 5 of them different.
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to at least 50 random characters, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the site's host names.")

if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL must point at the production PostgreSQL database.")

if not os.environ.get("WAGTAILADMIN_BASE_URL"):
    raise ImproperlyConfigured("WAGTAILADMIN_BASE_URL must be the site's public address.")

# HTTPS only. Each can be turned off for a server on loopback with no TLS (the
# benchmark and load test do); Django's deploy check then names what is off.
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# The load balancer's health check may come over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
# Sends the "preload" flag only; entering the browsers' list is a separate, manual step.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
if BEHIND_PROXY:  # noqa: F405
    # The proxy terminates TLS and says so; without this every request looks like plain HTTP.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True

SERVE_MEDIA_IMAGES = env_bool("DJANGO_SERVE_MEDIA_IMAGES", True)

# An unreachable database fails a request within seconds, as a 503, not after the
# operating system's TCP timeout.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(  # noqa: F405
        os.environ.get("DATABASE_CONNECT_TIMEOUT", "5")
    )

# Static files answer right after the security headers, before sessions and the
# page cache look at them (gunicorn serves them from STATIC_ROOT; `make serve-prod`).
MIDDLEWARE = [*MIDDLEWARE]  # noqa: F405
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "whitenoise.middleware.WhiteNoiseMiddleware")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed copies that whitenoise serves with far-future headers.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
