"""What django-axes counts failed sign-ins against."""
from django.conf import settings


def username_for_lockout(request, credentials=None):
    """The username as typed, without NUL characters: PostgreSQL cannot compare text holding NUL,
    so axes' own lookup would fail with a server error instead of counting a failure."""
    if credentials:
        username = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        username = getattr(request, "data", request.POST).get(settings.AXES_USERNAME_FORM_FIELD)
    return username.replace("\x00", "") if isinstance(username, str) else username
