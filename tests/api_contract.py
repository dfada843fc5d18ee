"""The JSON contract of docs/api.md as data, and a checker that compares a response with it.

A spec is a Python type, ``DATE``/``DATETIME``/``URL``, ``Nullable(spec)``,
``[spec]`` (a list of items), or a dict of key → spec (an object with exactly
those keys; keys wrapped in ``Maybe`` may be left out).
"""

import re

DATE = "date"
DATETIME = "datetime"
URL = "url"
ANY_LIST = list


class Nullable:
    def __init__(self, spec):
        self.spec = spec


class Maybe(str):
    """An object key that may be absent (a person's email and phone)."""


THEME = {"slug": str, "name": str}
ORGANISATION = {"id": int, "name": str, "short_name": str, "kind": str, "kind_display": str, "website": str}
PERSON = {"name": str, "title": str, "organisation": Nullable(ORGANISATION), Maybe("email"): str, Maybe("phone"): str}
MEMBERSHIP = {
    "organisation": Nullable(ORGANISATION),
    "representative": Nullable(PERSON),
    "role": str,
    "role_display": str,
    "note": str,
}
PAGE_REFERENCE = {"id": int, "title": str, "type": str, "html_url": URL, "detail_url": URL}
IMAGE = {"url": URL, "width": int, "height": int, "alt": str}
DOCUMENT = {"id": int, "title": str, "url": URL}
STREAM_BLOCK = {"type": str, "value": object, "id": str}
ORG_CHART = {"image": IMAGE, "caption": str, "updated_on": Nullable(DATE), "updated_by": str}

NETWORK_BODY = {
    "intro": str,
    "body": [STREAM_BLOCK],
    "responsibilities": [str],
    "meetings_per_year": Nullable(int),
    "term_start": Nullable(int),
    "term_end": Nullable(int),
    "coordinators": [{"person": PERSON, "role": str}],
    "members": [MEMBERSHIP],
    "org_chart": Nullable(ORG_CHART),
    "collaborates_with": [PAGE_REFERENCE],
    "themes": [THEME],
    "review_due": Nullable(DATE),
    "last_published_at": DATETIME,
}
PLANNING_DOCUMENT = {
    "period_start": Nullable(int),
    "period_end": Nullable(int),
    "summary": str,
    "document": Nullable(DOCUMENT),
}

# Fields of each page type besides Wagtail's own id, title and meta.
FIELDS_BY_TYPE = {
    "home.HomePage": {"intro": str, "themes": [THEME], "featured_pages": [PAGE_REFERENCE]},
    "verkosto_pages.NetworkIndexPage": {
        "intro": str,
        "body": [STREAM_BLOCK],
        "actors": [{"actor": str, "role": str}],
    },
    "verkosto_pages.CoordinationGroupPage": NETWORK_BODY,
    "verkosto_pages.SafetyNetworkPage": {**NETWORK_BODY, "chair": Nullable(PERSON)},
    "verkosto_pages.ExpertGroupIndexPage": {"intro": str},
    "verkosto_pages.ExpertGroupPage": {
        "purpose": str,
        "status": str,
        "status_display": str,
        "convener": Nullable(ORGANISATION),
        "convener_note": str,
        "members": [MEMBERSHIP],
        "themes": [THEME],
        "review_due": Nullable(DATE),
        "last_published_at": DATETIME,
    },
    "verkosto_pages.ActivityReportPage": PLANNING_DOCUMENT,
    "verkosto_pages.ActionPlanPage": {**PLANNING_DOCUMENT, "based_on_report": Nullable(PAGE_REFERENCE)},
    "verkosto_pages.ServicePromisePage": {
        "number": int,
        "statement": str,
        "goals": [{"goal": str, "indicator": str}],
        "themes": [THEME],
        "related_groups": [PAGE_REFERENCE],
    },
    "verkosto_pages.ContentPage": {"intro": str, "body": [STREAM_BLOCK]},
}

_PATTERNS = {
    DATE: re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    DATETIME: re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}"),
    URL: re.compile(r"^https?://[^/]+/"),
}


def mismatches(value, spec, path="$"):
    """Every way ``value`` differs from ``spec``, as readable strings (empty when it matches)."""
    if isinstance(spec, Nullable):
        return [] if value is None else mismatches(value, spec.spec, path)
    if isinstance(spec, str):
        ok = isinstance(value, str) and _PATTERNS[spec].match(value)
        return [] if ok else [f"{path}: {value!r} is not a {spec}"]
    if isinstance(spec, list):
        if not isinstance(value, list):
            return [f"{path}: expected a list, got {value!r}"]
        return [problem for i, item in enumerate(value) for problem in mismatches(item, spec[0], f"{path}[{i}]")]
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            return [f"{path}: expected an object, got {value!r}"]
        required = {key for key in spec if not isinstance(key, Maybe)}
        problems = []
        if missing := required - value.keys():
            problems.append(f"{path}: missing {sorted(missing)}")
        if extra := value.keys() - set(spec):
            problems.append(f"{path}: undocumented {sorted(extra)}")
        for key, item_spec in spec.items():
            if key in value:
                problems += mismatches(value[key], item_spec, f"{path}.{key}")
        return problems
    if spec is object:
        return []
    # bool is an int in Python; the contract never means one by the other.
    if not isinstance(value, spec) or (spec is int and isinstance(value, bool)):
        return [f"{path}: {value!r} is not {spec.__name__}"]
    return []


def page_mismatches(data, page_type):
    """Compare a page's JSON (v2 or v3 detail) with its documented fields."""
    body = {key: value for key, value in data.items() if key not in ("id", "title", "meta")}
    problems = mismatches(body, FIELDS_BY_TYPE[page_type])
    for key in ("id", "title", "meta"):
        if key not in data:
            problems.append(f"$: Wagtail's own {key} is missing")
    return problems
