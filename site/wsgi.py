"""WSGI application; servers should load it through the top-level ``wsgi`` module."""

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
