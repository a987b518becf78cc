from django.conf import settings

from core.roles import is_staff_reader


def portal(request):
    """What every page's header and footer need."""
    return {
        "TOWN_NAME": settings.TOWN_NAME,
        "CURRENCY": settings.CURRENCY,
        "user_is_staff_reader": is_staff_reader(request.user) if hasattr(request, "user") else False,
    }
