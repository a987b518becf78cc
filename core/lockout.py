"""What django-axes counts failed sign-ins against."""
from django.conf import settings

# The length of axes' username columns; the sign-in form itself does not limit what is posted.
STORED_LENGTH = 255


def username_for_lockout(request, credentials=None):
    """The username as typed, without NUL characters and cut to what axes stores: PostgreSQL can
    neither compare text holding NUL nor store a longer name, so axes' own queries would fail with
    a server error instead of counting a failure."""
    if credentials:
        username = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        username = getattr(request, "data", request.POST).get(settings.AXES_USERNAME_FORM_FIELD)
    return username.replace("\x00", "")[:STORED_LENGTH] if isinstance(username, str) else username


def sign_in_log_expire():
    """Delete the sign-in log's entries (who signed in, when, from which address and browser) older
    than PORTAL_SIGN_IN_LOG_DAYS; failed attempts go by themselves once their cool-off has passed.
    Returns the number deleted."""
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.reset_logs(age_days=settings.PORTAL_SIGN_IN_LOG_DAYS)
