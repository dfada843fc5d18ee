from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerkostoPagesConfig(AppConfig):
    name = "verkosto_pages"
    verbose_name = _("Preventive-work network")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import cache, formsets, restrictions, signal_handlers
        from .api import v3

        v3.install()
        restrictions.install()
        formsets.install()
        signal_handlers.connect()
        cache.connect()
