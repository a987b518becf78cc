"""Counting attempts per window in the "ratelimit" cache (settings.CACHES: shared between app servers
when it is Redis, and never pushed out by cached pages or figures). Who or what is counted (a
browser, an address, an e-mail address) is only hashed into a short-lived cache key: never stored."""
import hashlib

from django.conf import settings
from django.core.cache import caches

CACHE_ALIAS = "ratelimit"


def counter_key(namespace, kind, value):
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{kind}:{value}".encode()).hexdigest()[:32]
    return f"{namespace}:{kind}:{digest}"


def attempt_count(key, window_seconds):
    """This window's attempts under `key`, this one included, through the cache's public API: the
    first attempt creates the counter with its expiry, the next ones count up."""
    cache = caches[CACHE_ALIAS]
    if cache.add(key, 1, timeout=window_seconds):
        return 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        return 1
    if count == 1:
        # Expired just before incr, which made a counter afresh (Redis) without an expiry: give it one.
        cache.touch(key, window_seconds)
    return count
