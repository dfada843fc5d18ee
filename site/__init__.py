"""Project settings, URLs and WSGI/ASGI entry points (see ``site_package.py``)."""
