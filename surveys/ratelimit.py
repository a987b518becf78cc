"""Submission rate limit per client, kept in Django's cache (shared between app servers when the
cache is Redis). The client address is only hashed into a short-lived cache key: it is never
stored with a response."""
import hashlib

from django.conf import settings
from django.core.cache import cache

from portal.client_ip import client_ip

WINDOW_SECONDS = 60


def _client_key(request):
    address = client_ip(request)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"surveys:submissions:{digest}"


def submission_allowed(request):
    """Count this submission attempt; False once the client passed the limit for this minute."""
    limit = getattr(settings, "SURVEY_SUBMISSIONS_PER_MINUTE", 10)
    key = _client_key(request)
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count <= limit
