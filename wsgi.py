"""WSGI entry point for servers that import a module path (``gunicorn wsgi:application``).

``site.wsgi`` cannot be imported by such a server directly; see ``site_package.py``.
"""

import site_package  # noqa: F401  (must come first: makes site.settings importable)

from site.wsgi import application  # noqa: E402

__all__ = ["application"]
