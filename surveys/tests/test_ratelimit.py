"""The submission rate limit in Redis (production's shared cache), through Django's public cache
API: the same count as in the process-local cache the other tests use (portal/tests/test_client_ip.py)."""
import os
import uuid
from unittest import mock

import pytest
import redis
from django.core.cache import caches
from django.test import RequestFactory

from surveys.ratelimit import WINDOW_SECONDS, counter_key, submission_allowed

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def a_request(address="198.51.100.7"):
    return RequestFactory().post("/", REMOTE_ADDR=address)


@pytest.fixture
def redis_cache(settings):
    """Django's Redis cache under a key prefix of this test's own (skipped without a Redis server)."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis server at {REDIS_URL} (set TEST_REDIS_URL)")
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": prefix},
    }
    yield caches["ratelimit"]
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_in_redis_the_limit_counts_per_browser_and_expires(settings, redis_cache):
    settings.SURVEY_SUBMISSIONS_PER_MINUTE = 3
    assert [submission_allowed(a_request(), browser="tablet") for _ in range(4)] == [True, True, True, False]
    assert submission_allowed(a_request(), browser="phone")
    key = counter_key("browser", "tablet")
    assert redis_cache.get(key) == 4  # Django's own reads see the count
    assert redis_cache.get(counter_key("address", "198.51.100.7")) == 4  # the refused attempt is not counted
    ttl = redis.Redis.from_url(REDIS_URL).ttl(redis_cache.make_and_validate_key(key))
    assert 0 < ttl <= WINDOW_SECONDS  # the window ends by itself


def test_in_redis_a_counter_made_again_by_incr_gets_an_expiry(settings, redis_cache):
    """A counter that expires between the check and the count is made again by INCR, without an
    expiry: it gets one, or the client would stay refused for good."""
    settings.SURVEY_SUBMISSIONS_PER_MINUTE = 5
    key = counter_key("browser", "tablet")
    assert submission_allowed(a_request(), browser="tablet")
    server = redis.Redis.from_url(REDIS_URL)
    with mock.patch.object(redis_cache, "add", return_value=False):
        server.delete(redis_cache.make_and_validate_key(key))  # expired after add, before incr
        server.set(redis_cache.make_and_validate_key(key), 0)  # ... and INCR made it afresh
        assert submission_allowed(a_request(), browser="tablet")
    assert 0 < server.ttl(redis_cache.make_and_validate_key(key)) <= WINDOW_SECONDS
