"""The portal's roles: Django groups, the model permissions each carries, and role tests.

The groups are created by a data migration (portal/migrations/0001_roles.py) and their
permissions are kept in step after every migrate (PortalConfig.ready), so a model added by
a later app is granted without a new migration. Object-level rules ("a member of this
committee") live in each app's rules.py; this module only answers "which role is this user?".
"""
from django.contrib.auth import get_user_model
from django.db.models import Q

MANAGERS = "Town-centre managers"
SECRETARIES = "Committee secretaries"
MAYORS = "Mayors"
ROLE_NAMES = (MANAGERS, SECRETARIES, MAYORS)

EDIT = ("add", "change", "delete", "view")

# app label -> role -> actions granted on every model of that app.
ROLE_PERMISSIONS = {
    "committees": {SECRETARIES: EDIT, MANAGERS: ("view",), MAYORS: ("view",)},
    "initiatives": {MANAGERS: EDIT, SECRETARIES: ("view",), MAYORS: ("view",)},
    "surveys": {MANAGERS: EDIT, SECRETARIES: ("view",), MAYORS: ("view",)},
    # The premises register: kept by the managers and secretaries of its committee (premises.rules).
    "premises": {MANAGERS: EDIT, SECRETARIES: EDIT, MAYORS: ("view",)},
}


def sync_role_groups(group_model, permission_model):
    """Create the role groups and give each exactly the permissions ROLE_PERMISSIONS names.

    Takes the model classes so that a migration can pass its historical models.
    """
    wanted = {name: set() for name in ROLE_NAMES}
    for app_label, roles in ROLE_PERMISSIONS.items():
        for permission in permission_model.objects.filter(content_type__app_label=app_label):
            action = permission.codename.split("_", 1)[0]
            for role, actions in roles.items():
                if action in actions:
                    wanted[role].add(permission.pk)
    for name, permission_ids in wanted.items():
        group, _ = group_model.objects.get_or_create(name=name)
        group.permissions.set(permission_ids)


def _group_names(user):
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if not hasattr(user, "_portal_group_names"):
        user._portal_group_names = frozenset(user.groups.values_list("name", flat=True))
    return user._portal_group_names


def has_role(user, role):
    return role in _group_names(user)


def is_manager(user):
    return has_role(user, MANAGERS)


def is_secretary(user):
    return has_role(user, SECRETARIES)


def is_mayor(user):
    return has_role(user, MAYORS)


def is_staff_reader(user):
    """Mayors, managers, secretaries and superusers: who may read the summary and non-public items."""
    return bool(getattr(user, "is_superuser", False) or _group_names(user) & set(ROLE_NAMES))


def managers():
    """The users who may be named responsible for an initiative: managers, and superusers."""
    users = get_user_model().objects.filter(Q(groups__name=MANAGERS) | Q(is_superuser=True))
    return users.distinct().order_by("username")
