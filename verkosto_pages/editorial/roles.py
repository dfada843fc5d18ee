"""The editorial roles: who may write, who may publish, who may only read.

Three groups, named in Finnish because staff see the names in the admin:

- **Päätoimittajat** (editors) create, edit and publish pages anywhere on the
  site, approve contributors' changes in the moderation workflow, and keep
  the directory (organisations, people, themes).
- **Sisällöntuottajat** (contributors) create and edit pages; publishing goes
  through the workflow to an editor. They may add an organisation or a person
  for a new member row, but not rename or delete one: a directory change is
  live on every page at once, with no moderation in between.
- **Tarkastajat** (reviewers) read: the dashboard's review reminders, the
  review report, the directory and member-list exports. They change nothing.

Every function takes an app registry so that the data migration (historical
models) and the initial-content loader (the live registry) share them.
"""

from django.contrib.auth.management import create_permissions

EDITORS = "Päätoimittajat"
CONTRIBUTORS = "Sisällöntuottajat"
REVIEWERS = "Tarkastajat"

WORKFLOW_NAME = "Verkoston julkaisu"
APPROVAL_TASK_NAME = "Päätoimittajan hyväksyntä"

# Page permissions, granted on the site's home page and so on the whole site.
PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    CONTRIBUTORS: ["add_page", "change_page", "lock_page"],
    REVIEWERS: [],
}

# Model permissions as "app_label.codename". view_membership opens the review
# report, the dashboard reminders and the member-list export.
_READ = [
    "wagtailadmin.access_admin",
    "verkosto_pages.view_membership",
    "verkosto_pages.view_organisation",
    "verkosto_pages.view_person",
    "verkosto_pages.view_theme",
]
MODEL_PERMISSIONS = {
    EDITORS: _READ
    + [
        f"verkosto_pages.{action}_{model}"
        for model in ("organisation", "person", "theme")
        for action in ("add", "change", "delete")
    ],
    CONTRIBUTORS: _READ + ["verkosto_pages.add_organisation", "verkosto_pages.add_person"],
    REVIEWERS: _READ,
}

# Images and documents, granted on the root collection (and so on every collection).
COLLECTION_PERMISSIONS = {
    EDITORS: [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
    CONTRIBUTORS: [
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    ],
    REVIEWERS: [],
}

# Groups that Wagtail's own migrations create, with English names and
# permissions on the tree's root; ours replace them.
WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")

_PERMISSION_APPS = ("wagtailadmin", "wagtailcore", "wagtailimages", "wagtaildocs", "verkosto_pages")


def _permission(apps, dotted):
    app_label, codename = dotted.split(".")
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_roles(apps):
    """Create or update the three groups, their permissions and the approval workflow."""
    from django.apps import apps as global_apps

    # On a fresh database Django creates permissions only after all
    # migrations have run; the groups need them now.
    for label in _PERMISSION_APPS:
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)

    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_collection = Collection.objects.filter(depth=1).first()

    for name in (EDITORS, CONTRIBUTORS, REVIEWERS):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*[_permission(apps, p) for p in MODEL_PERMISSIONS[name]])
        if root_collection is not None:
            for dotted in COLLECTION_PERMISSIONS[name]:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=_permission(apps, dotted)
                )

    _ensure_workflow(apps, Group.objects.get(name=EDITORS))
    _retire_wagtail_defaults(apps)


def _ensure_workflow(apps, editors):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    task = GroupApprovalTask.objects.filter(name=APPROVAL_TASK_NAME).first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=APPROVAL_TASK_NAME, content_type=content_type, active=True
        )
    task.groups.add(editors)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})


def _retire_wagtail_defaults(apps):
    """Remove Wagtail's default groups while nobody is in them, and its root workflow.

    Staff would otherwise see two sets of roles, one of them in English, and
    a "Moderators approval" step that nobody may approve.
    """
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    unused = Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True)
    Group.objects.filter(pk__in=list(unused.values_list("pk", flat=True))).delete()
    for workflow in Workflow.objects.filter(name="Moderators approval", active=True):
        if not WorkflowState.objects.filter(workflow=workflow, status="in_progress").exists():
            workflow.workflow_pages.all().delete()
            workflow.active = False
            workflow.save(update_fields=["active"])


def attach_roles_to_site_root(apps, root_page_id):
    """Grant the groups' page permissions on the site's home page and put the workflow on it.

    Called by the data migration for an existing site and by the
    initial-content loader when it makes a new home page the site's root.
    """
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    for name, codenames in PAGE_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page_id=root_page_id,
                permission=_permission(apps, f"wagtailcore.{codename}"),
            )
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page_id=root_page_id, defaults={"workflow": workflow})
