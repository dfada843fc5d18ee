"""Security headers, the admin login throttle's view of the client, and a throttle
for the forms axes does not watch (docs/security.md)."""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from csp.constants import HEADER, NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware

# The public site runs no inline script or style: every script and stylesheet is a
# file of ours, and the JSON-LD block is data, which script-src does not govern.
PUBLIC_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}

# Wagtail's admin writes inline scripts (inline panels, date pickers) and inline
# styles, and previews uploads from blob: URLs, so its policy allows those, on
# its own pages only. It still loads nothing from another origin.
ADMIN_POLICY = {
    **PUBLIC_POLICY,
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "media-src": [SELF, "blob:"],
    "worker-src": [SELF, "blob:"],
}


def _is_admin(path):
    return path.startswith("/admin/")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """One policy for the public site and the API, another for the admin.

    A response that may be framed by our own pages (Wagtail's preview panel marks
    its answers ``X-Frame-Options: SAMEORIGIN``) gets ``frame-ancestors 'self'``,
    because browsers obey the CSP directive over the older header.
    """

    def process_response(self, request, response):
        if _is_admin(request.path_info) and HEADER in response:
            # A preview renders the page through the whole middleware chain, which
            # gave it the public policy; the admin's own answer gets the admin's.
            del response[HEADER]
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        policy = ADMIN_POLICY if _is_admin(request.path_info) else PUBLIC_POLICY
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            policy = {**policy, "frame-ancestors": [SELF]}
        parts.config = policy
        return parts


def forwarded_client_ip(request):
    """The client's address for the login throttle.

    Behind a trusted proxy (``DJANGO_BEHIND_PROXY``) the proxy appends the address
    it saw to X-Forwarded-For, so the last entry is the only one a client cannot
    forge; REMOTE_ADDR would be the proxy's, shared by every client. A request
    that did not come from a proxy address (``DJANGO_TRUSTED_PROXIES``) reached
    the server directly, and its header counts for nothing.
    """
    remote = request.META.get("REMOTE_ADDR")
    if getattr(settings, "BEHIND_PROXY", False) and _is_trusted_proxy(remote):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return remote


def _is_trusted_proxy(address):
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip in network for network in _proxy_networks(tuple(settings.TRUSTED_PROXIES)))


@lru_cache(maxsize=4)
def _proxy_networks(specs):
    return [ipaddress.ip_network(spec.strip(), strict=False) for spec in specs if spec.strip()]


def lockout_response(request, original_response=None, credentials=None):
    """The answer to a login attempt while its user name and address are locked out.

    The same for a user name that exists and one that does not, so the lockout
    tells an attacker nothing about the accounts.
    """
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else 15
    response = render(request, "security/lockout.html", {"cooloff_minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


# Forms that take a secret or send mail, by URL name, and whether a successful
# answer still counts: a right page password redirects and is not held against
# the address, but every reset request sends mail and counts.
THROTTLED_FORMS = {
    "wagtailcore_authenticate_with_password": False,
    "wagtailadmin_password_reset": True,
}


class FormThrottleMiddleware:
    """At most ``FORM_THROTTLE_LIMIT`` counted POSTs to a throttled form from one
    address in ``FORM_THROTTLE_SECONDS``; past that, 429 until the window ends.

    A page password has no user name for axes to count by, and password reset
    is no login, so axes watches neither; without a limit a page password could
    be guessed at the server's speed and reset mails sent by the thousand. The
    window is fixed from the first counted attempt; the count is kept in the
    default cache, which in production is Redis and so shared by every process.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        name = _throttled_form(request)
        # A refused request (bad CSRF token, no such restriction, our own 429) is no attempt.
        if name and response.status_code < 400:
            if THROTTLED_FORMS[name] or not 300 <= response.status_code < 400:
                _count(_key(request, name))
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        name = _throttled_form(request)
        if name and (cache.get(_key(request, name)) or 0) >= settings.FORM_THROTTLE_LIMIT:
            return throttled_response(request)
        return None


def _throttled_form(request):
    match = getattr(request, "resolver_match", None)
    if request.method == "POST" and match and match.url_name in THROTTLED_FORMS:
        return match.url_name
    return None


def _key(request, name):
    return f"form-throttle:{name}:{forwarded_client_ip(request)}"


def _count(key):
    # add() starts the window; incr() keeps its expiry.
    cache.add(key, 0, settings.FORM_THROTTLE_SECONDS)
    try:
        cache.incr(key)
    except ValueError:
        # The window ended between the two calls.
        cache.set(key, 1, settings.FORM_THROTTLE_SECONDS)


def throttled_response(request):
    minutes = max(1, round(settings.FORM_THROTTLE_SECONDS / 60))
    response = render(request, "security/throttled.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(settings.FORM_THROTTLE_SECONDS)
    return response
