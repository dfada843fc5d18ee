"""Make the project's ``site/`` folder importable as the ``site`` package.

Python imports its standard-library ``site`` module while starting up, before
the project folder is on ``sys.path``, so a plain ``import site.settings``
fails with "'site' is not a package". Giving the already-imported module a
``__path__`` that points at our folder lets Python find ``site.settings``,
``site.urls`` and ``site.wsgi`` there, while the standard library's functions
stay where they were. Every entry point (manage.py, the WSGI/ASGI loaders,
pytest through ``-p site_package``) imports this module first.
"""

import os
import site
from pathlib import Path

SITE_DIR = Path(__file__).resolve().parent / "site"

if str(SITE_DIR) not in getattr(site, "__path__", []):
    site.__path__ = [str(SITE_DIR)]

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings.dev")
