"""Submission rate limit per client, counted in a cache of its own ("ratelimit" in settings.CACHES:
shared between app servers when it is Redis, and never pushed out by cached pages or figures).
The client address is only hashed into a short-lived cache key: it is never stored with a response."""
import hashlib

from django.conf import settings
from django.core.cache import caches

from portal.client_ip import client_ip

CACHE_ALIAS = "ratelimit"
WINDOW_SECONDS = 60


def _client_key(request):
    address = client_ip(request)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"surveys:submissions:{digest}"


def submission_allowed(request):
    """Count this submission attempt; False once the client passed the limit for this minute."""
    limit = getattr(settings, "SURVEY_SUBMISSIONS_PER_MINUTE", 10)
    return _count(caches[CACHE_ALIAS], _client_key(request)) <= limit


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
