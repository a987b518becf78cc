"""Submission rate limit per client, kept in Django's cache (shared between app servers when the
cache is Redis). The client address is only hashed into a short-lived cache key: it is never
stored with a response."""
import hashlib

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from portal.client_ip import client_ip

WINDOW_SECONDS = 60


def _client_key(request):
    address = client_ip(request)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"surveys:submissions:{digest}"


def submission_allowed(request):
    """Count this submission attempt; False once the client passed the limit for this minute."""
    limit = getattr(settings, "SURVEY_SUBMISSIONS_PER_MINUTE", 10)
    cache = caches["default"]
    key = _client_key(request)
    count = _count_in_redis(cache, key) if isinstance(cache, RedisCache) else _count(cache, key)
    return count <= limit


def _count(cache, key):
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return 1


def _count_in_redis(cache, key):
    """The same count in one round trip instead of three (add, and incr's existence check before
    INCR): the counter is created with its expiry unless it exists, and counted, in one MULTI/EXEC.
    Django's Redis cache stores integers as plain numbers, so cache.get() reads the count."""
    key = cache.make_and_validate_key(key)
    pipeline = cache._cache.get_client(key, write=True).pipeline()
    pipeline.set(key, 0, ex=WINDOW_SECONDS, nx=True)
    pipeline.incr(key)
    return pipeline.execute()[1]
