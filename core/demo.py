"""Demo accounts, and what every app's demo shares: the day the demo counts from. Only for trying
the portal out: the command refuses to run without DEBUG."""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from core.edits import saved_where_different
from core.roles import MANAGERS, MAYORS, SECRETARIES

DEMO_PASSWORD = "town-centre-demo"

DEMO_ACCOUNTS = [
    # username, full name, role group (None: superuser)
    ("manager", "Maja Novak", MANAGERS),
    ("national-manager", "Irena Kovač", MANAGERS),
    ("secretary", "Tomaž Kralj", SECRETARIES),
    ("mayor", "Ana Horvat", MAYORS),
    ("admin", "Portal Administrator", None),
]


def load_users():
    """Create (or refresh) the demo accounts; returns them by username."""
    users = {}
    for username, full_name, group_name in DEMO_ACCOUNTS:
        first, _, last = full_name.partition(" ")
        user = saved_where_different(get_user_model(), {"username": username}, check=False, values={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@example.org",
            "is_staff": group_name is None,
            "is_superuser": group_name is None,
            "is_active": True,
        })
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if group_name:
            user.groups.set([Group.objects.get_or_create(name=group_name)[0]])
        users[username] = user
    return users


def started_at(users):
    """When the demo was first loaded: the moment the demo admin account was created.

    Every demo date counts from it rather than from today, so loading the demo again on a later
    day finds everything where it was and changes nothing (no saves, no history records). An app's
    demo loaded on its own, without the demo accounts (as some tests do), counts from now.
    """
    admin = users.get("admin") or get_user_model().objects.filter(username="admin").first()
    return admin.date_joined if admin else timezone.now()
