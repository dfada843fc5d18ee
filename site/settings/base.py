"""Settings shared by every environment.

Everything that differs between machines comes from the environment; the
defaults give a working development site with no set-up (SQLite in the
project folder).
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "verkosto_pages",
    "wagtail_modeladmin",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail.api.v3",
    "wagtail",
    "modelcluster",
    "ninja",
    "corsheaders",
    "taggit",
    "django_filters",
    "csp",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the response cache, so cached answers carry the policy too.
    "verkosto_pages.security.ContentSecurityPolicyMiddleware",
    # Before the response cache: an expired page is unpublished, and its cached
    # answers dropped, before this request is looked up.
    "verkosto_pages.scheduling.ScheduledPublishingMiddleware",
    # Before anything that may answer a request, so preflights get their headers.
    "corsheaders.middleware.CorsMiddleware",
    # Answers anonymous reads from the cache before sessions, routing and templates
    # run; everything below it runs on a miss (verkosto_pages/cache.py).
    "verkosto_pages.cache.ResponseCacheMiddleware",
    # One read of the view restrictions per GET, however often .public() runs.
    "verkosto_pages.restrictions.RestrictionScopeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "verkosto_pages.api.guard.APIRequestGuardMiddleware",
    "verkosto_pages.api.caching.APICacheMiddleware",
    # Answers a locked-out login attempt before the login view runs.
    "axes.middleware.AxesMiddleware",
    # The same for the page-password form and password reset, which axes does not watch.
    "verkosto_pages.security.FormThrottleMiddleware",
]

ROOT_URLCONF = "site.urls"
WSGI_APPLICATION = "site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's cache: Redis when REDIS_URL is set (shared by every server process, as
# production needs), else this process's memory. See docs/performance.md.
# "default" serves Wagtail and Django and shrugs off a Redis outage; "pages" holds
# the response cache and its tags, and fails loudly: a lost invalidation must
# fail the edit (which is rolled back), not leave an old page served.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    _redis = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "verkosto"),
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    }
    CACHES = {
        "default": {**_redis, "OPTIONS": {**_redis["OPTIONS"], "IGNORE_EXCEPTIONS": True}},
        "pages": _redis,
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "verkosto"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "verkosto-pages",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        },
    }
# Seconds an anonymous page or API response stays in the server's cache. Publishing,
# unpublishing, moving or deleting content, and directory edits, remove the entries
# that showed it at once; this is only the upper bound. 0 turns the cache off.
# Off by default without Redis: a process-local cache never hears of edits made by
# another process (the publish_scheduled cron job, a second server process).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "3600" if REDIS_URL else "0"))
# A front-end cache (Varnish, a CDN) in front of the site: Wagtail purges a page's
# addresses when it is published, unpublished or deleted. Directory edits are not
# purged there, so shared caches keep HTML at most FRONTEND_CACHE_SECONDS.
# docs/performance.md shows the settings for Cloudflare and CloudFront.
FRONTEND_CACHE_PURGE_URL = os.environ.get("FRONTEND_CACHE_PURGE_URL", "")
FRONTEND_CACHE_SECONDS = int(os.environ.get("FRONTEND_CACHE_SECONDS", "60"))
if FRONTEND_CACHE_PURGE_URL:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }
# The benchmark's floor: a trivial JSON view at /bench/floor/ behind the same
# middleware (bench/run.py). Off unless asked for.
BENCH_FLOOR_VIEW = env_bool("BENCH_FLOOR_VIEW", False)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Seconds between checks for pages whose go-live or expiry time has come
# (verkosto_pages/scheduling.py); no cron job is needed. 0 turns it off.
SCHEDULED_PUBLISHING_INTERVAL = int(os.environ.get("SCHEDULED_PUBLISHING_INTERVAL", "60"))

# Security (docs/security.md). The production settings add HTTPS-only cookies,
# HSTS and the redirect to HTTPS; everything below holds on every machine.
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out user name and address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one user name from one address lock that pair out for
# 15 minutes. Keyed on the pair, so nobody can lock an editor out from elsewhere.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "verkosto_pages.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "verkosto_pages.security.forwarded_client_ip"
# Axes logs every attempt at INFO; the failures are what matter.
AXES_VERBOSE = False
# No table of every successful login with its address and browser: the
# lockout needs the failures only, and staff's whereabouts are personal data.
AXES_DISABLE_ACCESS_LOG = True
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
# Only a request from one of these addresses came through the proxy; anyone
# else reaching the server directly could write X-Forwarded-For themselves.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16")

# An admin session ends when the browser closes, and after eight hours in any case.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
# Links to other sites carry our origin, never a page's path (which can name a
# restricted page). Django's defaults already send nosniff, COOP same-origin and
# X-Frame-Options DENY (Wagtail's preview panel allows its own frames per response).
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# The page-password form and password reset, which axes does not cover: at most
# ten wrong page passwords, or ten reset requests, from one address in 15 minutes
# (verkosto_pages.security.FormThrottleMiddleware).
FORM_THROTTLE_LIMIT = int(os.environ.get("FORM_THROTTLE_LIMIT", "10"))
FORM_THROTTLE_SECONDS = int(os.environ.get("FORM_THROTTLE_SECONDS", "900"))

# The public site and the admin are Finnish; msgids are English so that a
# translation can be added later without touching code.
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish"))]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Serve image files from the application (production without a web server or
# object storage in front). Documents never have a public file URL.
SERVE_MEDIA_IMAGES = env_bool("DJANGO_SERVE_MEDIA_IMAGES", False)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Complex page forms (memberships, StreamFields) exceed Django's default of 1000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Päijät-Hämeen ehkäisevän työn verkosto")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("fi", "suomi")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fi", "suomi"), ("en", "English")]
# The database backend is PostgreSQL full-text search on PostgreSQL and FTS5 on
# SQLite. On PostgreSQL, Finnish stemming: "verkostot" finds "verkosto". After
# changing the configuration of an existing database, run `manage.py update_index`.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        **(
            {"SEARCH_CONFIG": "finnish"}
            if DATABASES["default"]["ENGINE"].endswith("postgresql")
            else {}
        ),
    }
}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "pptx", "odp", "txt", "csv"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Documents are always downloads, served by Wagtail's view, which checks the
# collection's privacy first; their files are never on a public URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_DOCUMENT_FORM_BASE = "verkosto_pages.document_forms.DocumentForm"
# No SVG: an uploaded SVG can carry script that runs on our origin.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# The admin never sends editors' e-mail hashes to Gravatar, nor asks wagtail.io
# for new releases from their browsers: the admin talks to this site only.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The admin's date pickers, as strftime formats; each must be one that Finnish
# input accepts (Django's fi DATE_INPUT_FORMATS and DATETIME_INPUT_FORMATS), or
# a date the editor picked comes back as "enter a valid date".
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H.%M"
WAGTAIL_TIME_FORMAT = "%H.%M"

# API (v2 and v3): see docs/api.md.
# Rich text leaves the API as display HTML, never Wagtail's database format.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_LIMIT_MAX = int(os.environ.get("WAGTAILAPI_LIMIT_MAX", "20"))
# Absolute URLs in API responses (detail_url, links in rich text, files) start here.
WAGTAILAPI_BASE_URL = os.environ.get("WAGTAILAPI_BASE_URL", WAGTAILADMIN_BASE_URL)
# Seconds that browsers and shared caches may reuse an anonymous API response.
API_CACHE_MAX_AGE = int(os.environ.get("API_CACHE_MAX_AGE", "300"))

# A body's review counts as "due soon" on the dashboard this many days before its date.
REVIEW_REMINDER_DAYS = int(os.environ.get("REVIEW_REMINDER_DAYS", "30"))

# CORS: other sites may read the API from the browser; nothing else is shared.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOWED_ORIGINS = env_list("API_CORS_ALLOWED_ORIGINS")
CORS_ALLOW_ALL_ORIGINS = not CORS_ALLOWED_ORIGINS
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified"]
CORS_PREFLIGHT_MAX_AGE = 86400

# API v2 is read-only and public: it ignores sessions and passwords, so a
# logged-in editor's browser sees what everyone sees. (Editors use v3 tokens.)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # Wagtail's audit lines and the background-task runner repeat at INFO
        # what the admin's history already records.
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
    },
}
