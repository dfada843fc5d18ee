"""Give the initial content's inline rows the order they were written in.

The loader used to leave sort_order empty, so PostgreSQL returned member
lists in no fixed order. Rows an editor has saved are numbered already.
"""

from django.db import migrations

ROW_MODELS = (
    ("verkosto_pages", "Membership"),
    ("verkosto_pages", "Coordinator"),
    ("verkosto_pages", "CollaborationLink"),
    ("verkosto_pages", "ServicePromiseGroupLink"),
    ("home", "FeaturedPage"),
)


def number_rows(apps, schema_editor):
    for app_label, name in ROW_MODELS:
        model = apps.get_model(app_label, name)
        pages = set(model.objects.filter(sort_order__isnull=True).values_list("page_id", flat=True))
        for page_id in pages:
            rows = model.objects.filter(page_id=page_id).order_by("sort_order", "id")
            for position, row in enumerate(rows):
                if row.sort_order != position:
                    row.sort_order = position
                    row.save(update_fields=["sort_order"])


class Migration(migrations.Migration):
    dependencies = [
        ("verkosto_pages", "0005_editorial_roles"),
        ("home", "0002_featured_page_help"),
    ]

    operations = [migrations.RunPython(number_rows, migrations.RunPython.noop)]
