"""Submission rate limit, counted in a cache of its own ("ratelimit" in settings.CACHES: shared
between app servers when it is Redis, and never pushed out by cached pages or figures).

Each browser (the random secret its session keeps, surveys.answering.browser_secret) has a limit
per minute, and each address a much higher ceiling, so that a household, a library kiosk or a
class on one connection can all answer, while a client that drops its cookies to look new is
still stopped by its address. Browser and address are only hashed into short-lived cache keys:
neither is ever stored with a response.
"""
from django.conf import settings

from core import rate_limits
from core.client_ip import client_ip

CACHE_ALIAS = rate_limits.CACHE_ALIAS
WINDOW_SECONDS = 60


def counter_key(kind, value):
    return rate_limits.counter_key("surveys:submissions", kind, value)


def submission_allowed(request, *, browser):
    """Count this submission attempt of `browser` (its secret); False once the browser passed its
    limit for this minute, or its address the ceiling. A browser over its limit does not count
    against its address: it cannot use up the ceiling of the others who share the connection."""
    if _count(counter_key("browser", browser)) > settings.SURVEY_SUBMISSIONS_PER_MINUTE:
        return False
    return _count(counter_key("address", client_ip(request))) <= settings.SURVEY_SUBMISSIONS_PER_ADDRESS_PER_MINUTE


def _count(key):
    return rate_limits.attempt_count(key, WINDOW_SECONDS)
