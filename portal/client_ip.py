"""The address a request came from, as the lockout and the survey rate limit count it.

Behind reverse proxies REMOTE_ADDR is the nearest proxy's address, the same for everyone. Each
trusted proxy appends the address it saw to X-Forwarded-For, so with PORTAL_TRUSTED_PROXIES = N
the client is the N-th address from the end: anything a client writes into the header itself
stands further to the left and is ignored.
"""
from django.conf import settings


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.PORTAL_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote  # the request did not come through every proxy: don't trust the header
    return forwarded[-proxies]
