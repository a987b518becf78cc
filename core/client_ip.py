"""The address a request came from, as the lockout and the survey rate limit count it.

Behind reverse proxies REMOTE_ADDR is the nearest proxy's address, the same for everyone. Each
trusted proxy appends the address it saw to X-Forwarded-For, so with PORTAL_TRUSTED_PROXIES = N
the client is the N-th address from the end: anything a client writes into the header itself
stands further to the left and is ignored.
"""
import functools
import logging

from django.conf import settings

logger = logging.getLogger(__name__)


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.PORTAL_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        warn_of_missing_forwarded_for(proxies)
        return remote  # the request did not come through every proxy: don't trust the header
    return forwarded[-proxies]


@functools.cache
def warn_of_missing_forwarded_for(proxies):
    """Once per process (and setting): a request that should have come through the proxies did not say so."""
    logger.warning(
        "PORTAL_TRUSTED_PROXIES is %s, but a request arrived with fewer than %s addresses in X-Forwarded-For. "
        "Such requests are counted by the address of their connection; if that is a proxy's, every visitor "
        "behind it shares one sign-in lockout and one survey rate limit. Make each proxy append the client's "
        "address to X-Forwarded-For (nginx: proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for), or set "
        "PORTAL_TRUSTED_PROXIES to the number of proxies in front of the portal (0 when clients connect directly). "
        "Logged once per process.",
        proxies, proxies,
    )
