"""View decorators for the roles of core.roles: the one place a view says who may read it."""
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from core.roles import is_staff_reader


def staff_reader_required(view):
    """Mayors, managers, secretaries and superusers; anonymous visitors are sent to sign in, others get 403."""

    @wraps(view)
    @login_required
    def check(request, *args, **kwargs):
        if not is_staff_reader(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return check
