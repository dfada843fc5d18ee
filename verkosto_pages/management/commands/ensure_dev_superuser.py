import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = (
        "Development only: make sure an administrator account exists and say how to log in. "
        "Username and password come from DEV_ADMIN_USERNAME and DEV_ADMIN_PASSWORD (admin/admin)."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(_("Refusing to create a development administrator when DEBUG is off."))
        username = os.environ.get("DEV_ADMIN_USERNAME", "admin")
        password = os.environ.get("DEV_ADMIN_PASSWORD", "admin")
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_superuser(
                username=username, email="", password=password, first_name=_("Administrator")
            )
        admin_url = f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/"
        if user.check_password(password):
            message = _("Log in to %(url)s as %(username)s with the password %(password)s") % {
                "url": admin_url,
                "username": username,
                "password": password,
            }
        else:
            message = _(
                "Log in to %(url)s as %(username)s with the password you set for that account."
            ) % {"url": admin_url, "username": username}
        self.stdout.write(self.style.SUCCESS(message))
