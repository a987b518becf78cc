"""Demo accounts. Only for trying the portal out: the command refuses to run without DEBUG."""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from portal.roles import MANAGERS, MAYORS, SECRETARIES

DEMO_PASSWORD = "town-centre-demo"

DEMO_ACCOUNTS = [
    # username, full name, role group (None: superuser)
    ("manager", "Maja Novak", MANAGERS),
    ("secretary", "Tomaž Kralj", SECRETARIES),
    ("mayor", "Ana Horvat", MAYORS),
    ("admin", "Portal Administrator", None),
]


def load_users():
    """Create (or refresh) the demo accounts; returns them by username."""
    users = {}
    for username, full_name, group_name in DEMO_ACCOUNTS:
        first, _, last = full_name.partition(" ")
        user, _ = get_user_model().objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "is_staff": group_name is None,
                "is_superuser": group_name is None,
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        if group_name:
            user.groups.set([Group.objects.get_or_create(name=group_name)[0]])
        users[username] = user
    return users
