"""Wagtail admin messages that Wagtail 8.0.1's Finnish catalogue lacks.

Editors meet these when the page editor refuses a save (our rules in
forms.py) or when they revert. Listing them here keeps them in our catalogue
through makemessages; LOCALE_PATHS come before Wagtail's own catalogues, so
our Finnish is used. Drop an entry once Wagtail translates it.
"""

from django.utils.translation import gettext_noop

WAGTAIL_ADMIN_MESSAGES = [
    gettext_noop("The page could not be saved due to validation errors."),
    gettext_noop("The page could not be created due to validation errors."),
    gettext_noop("There are validation errors, click save to highlight them."),
    gettext_noop("The page could not be saved as it is locked."),
    gettext_noop("Saving will overwrite a newer version."),
    gettext_noop("Version from %(datetime)s of page '%(page_title)s' has been published."),
    gettext_noop(
        "You are viewing a previous version of this page from <b>%(created_at)s</b> by %(user)s"
    ),
    gettext_noop("Search all pages…"),
]
