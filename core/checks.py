"""System checks of the portal's own settings (`manage.py check`)."""
from django.conf import settings
from django.core.checks import Error, register


@register()
def trusted_proxies_check(app_configs, **kwargs):
    """PORTAL_TRUSTED_PROXIES counts proxies: below 0 it would silently mean none. Whether requests
    really come through the proxies can only be seen on a request (core.client_ip logs it)."""
    proxies = settings.PORTAL_TRUSTED_PROXIES
    if isinstance(proxies, int) and proxies >= 0:
        return []
    return [Error(
        f"PORTAL_TRUSTED_PROXIES is {proxies!r}; it must be the number of reverse proxies in front of the "
        "portal (0 or more).",
        hint="Set PORTAL_TRUSTED_PROXIES=1 behind one proxy such as nginx, or 0 when clients connect directly.",
        id="portal.E001",
    )]
