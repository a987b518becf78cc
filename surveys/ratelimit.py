"""Submission rate limit per client, kept in Django's cache (shared between app servers when the
cache is Redis). The client address is only hashed into a short-lived cache key: it is never
stored with a response."""
import hashlib
import weakref

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
    """The same count as one Redis command instead of three round trips (add, and incr's
    existence check before INCR): a script that creates the counter with its expiry unless it
    exists, and counts. Django's Redis cache stores integers as plain numbers, so cache.get()
    reads the count."""
    key = cache.make_and_validate_key(key)
    script = _scripts.get(cache._cache)
    if script is None:
        # Counters are written, so to the first (primary) server, as Django's cache writes them.
        script = _scripts[cache._cache] = cache._cache.get_client(key, write=True).register_script(COUNT_SCRIPT)
    return script(keys=[key], args=[WINDOW_SECONDS])


COUNT_SCRIPT = "redis.call('SET', KEYS[1], 0, 'EX', ARGV[1], 'NX') return redis.call('INCR', KEYS[1])"
# The script object of each Django Redis cache client, kept with it: made once per process.
_scripts = weakref.WeakKeyDictionary()
