"""Create the editorial groups, their permissions and the approval workflow.

The page permissions and the workflow sit on the site's home page. On a
fresh database that page does not exist yet: the initial-content loader
attaches them when it creates it (``attach_roles_to_site_root``).
"""

from django.db import migrations

from verkosto_pages.editorial.roles import attach_roles_to_site_root, ensure_roles


def forwards(apps, schema_editor):
    ensure_roles(apps)
    Site = apps.get_model("wagtailcore", "Site")
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        attach_roles_to_site_root(apps, site.root_page_id)


class Migration(migrations.Migration):
    dependencies = [
        ("verkosto_pages", "0004_editorial_fields"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    # Going back leaves the groups in place: staff may already belong to them.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
