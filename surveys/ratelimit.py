"""Submission rate limit, counted in a cache of its own ("ratelimit" in settings.CACHES: shared
between app servers when it is Redis, and never pushed out by cached pages or figures).

Each browser (the random secret its session keeps, surveys.answering.browser_secret) has a limit
per minute, and each address a much higher ceiling, so that a household, a library kiosk or a
class on one connection can all answer, while a client that drops its cookies to look new is
still stopped by its address. Browser and address are only hashed into short-lived cache keys:
neither is ever stored with a response.
"""
import hashlib

from django.conf import settings
from django.core.cache import caches

from core.client_ip import client_ip

CACHE_ALIAS = "ratelimit"
WINDOW_SECONDS = 60


def counter_key(kind, value):
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{kind}:{value}".encode()).hexdigest()[:32]
    return f"surveys:submissions:{kind}:{digest}"


def submission_allowed(request, *, browser):
    """Count this submission attempt of `browser` (its secret); False once the browser passed its
    limit for this minute, or its address the ceiling. A browser over its limit does not count
    against its address: it cannot use up the ceiling of the others who share the connection."""
    cache = caches[CACHE_ALIAS]
    if _count(cache, counter_key("browser", browser)) > settings.SURVEY_SUBMISSIONS_PER_MINUTE:
        return False
    return _count(cache, counter_key("address", client_ip(request))) <= settings.SURVEY_SUBMISSIONS_PER_ADDRESS_PER_MINUTE


def _count(cache, key):
    """This minute's attempts under `key`, this one included, through the cache's public API: the
    first attempt creates the counter with its expiry, the next ones count up."""
    if cache.add(key, 1, timeout=WINDOW_SECONDS):
        return 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return 1
    if count == 1:
        # Expired just before incr, which made a counter afresh (Redis) without an expiry: give it one.
        cache.touch(key, WINDOW_SECONDS)
    return count
