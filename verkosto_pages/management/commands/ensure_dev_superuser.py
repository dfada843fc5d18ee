import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from verkosto_pages.editorial.roles import CONTRIBUTORS, EDITORS, REVIEWERS

# One account per editorial role, so a developer can try what each may do.
# They share the administrator's password and exist only where DEBUG is on.
ROLE_ACCOUNTS = (
    ("paatoimittaja", EDITORS),
    ("sisallontuottaja", CONTRIBUTORS),
    ("tarkastaja", REVIEWERS),
)


class Command(BaseCommand):
    help = (
        "Development only: make sure an administrator account, and one account per editorial "
        "role, exist and say how to log in. Username and password come from DEV_ADMIN_USERNAME "
        "and DEV_ADMIN_PASSWORD (admin/admin); the role accounts use the same password."
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
        self._ensure_role_accounts(password)

    def _ensure_role_accounts(self, password):
        from django.contrib.auth.models import Group

        User = get_user_model()
        for username, group_name in ROLE_ACCOUNTS:
            group = Group.objects.filter(name=group_name).first()
            if group is None:
                continue  # an administrator renamed or removed the group
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(password)
                user.first_name = group_name
                user.save()
                user.groups.add(group)
            self.stdout.write(
                _("Role %(group)s: log in as %(username)s with the same password.")
                % {"group": group_name, "username": username}
            )
