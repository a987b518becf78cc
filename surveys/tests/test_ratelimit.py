"""The submission rate limit in Redis (production's shared cache): the same count as in the
process-local cache the other tests use (portal/tests/test_client_ip.py), in one round trip."""
import os
import uuid
from unittest import mock

import pytest
import redis
from django.core.cache import caches
from django.test import RequestFactory

from surveys.ratelimit import WINDOW_SECONDS, _client_key, submission_allowed

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
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}
    }
    yield caches["default"]
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_in_redis_the_limit_counts_per_client_with_one_command_and_expires(settings, redis_cache):
    settings.SURVEY_SUBMISSIONS_PER_MINUTE = 3
    assert submission_allowed(a_request())  # the first count also loads the script into Redis
    with mock.patch.object(redis.Redis, "execute_command", autospec=True, side_effect=redis.Redis.execute_command) as sent:
        assert [submission_allowed(a_request()) for _ in range(3)] == [True, True, False]
    assert [call.args[1] for call in sent.call_args_list] == ["EVALSHA"] * 3  # one command per submission
    assert submission_allowed(a_request("198.51.100.8"))
    key = _client_key(a_request())
    assert redis_cache.get(key) == 4  # Django's own reads see the count
    ttl = redis.Redis.from_url(REDIS_URL).ttl(redis_cache.make_and_validate_key(key))
    assert 0 < ttl <= WINDOW_SECONDS  # the window ends by itself


def test_in_redis_a_flushed_server_gets_the_script_again(settings, redis_cache):
    """After a Redis restart the script is gone from the server: the next count loads it again."""
    settings.SURVEY_SUBMISSIONS_PER_MINUTE = 5
    assert submission_allowed(a_request("198.51.100.9"))
    redis.Redis.from_url(REDIS_URL).script_flush()
    assert submission_allowed(a_request("198.51.100.9"))
    assert redis_cache.get(_client_key(a_request("198.51.100.9"))) == 2
