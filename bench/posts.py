"""The POST benchmarks: the survey's final submit against the one-transaction insert baseline,
both driven by the same Python client (bench/client.py), so the ratio compares like with like.
Beside them, the floor under any multi-page form's last POST (bench/urls.py `session_insert`:
CSRF check, session read, one insert, session saved), to show how much of the gap is the submit's own.

Each measured submit must store one response, so each request needs a resident's session that
already holds the first page's answers. `prepare_submit_sessions` makes them beforehand, straight
in the session table the servers share; the measured request is then exactly the last page's POST
(CSRF token, validation of every page, one transaction writing the response and its answers,
redirect to the thank-you page).
"""
import datetime
import random
import threading
import time

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from django.utils.crypto import get_random_string

from bench.client import Browser, Recorder, answer, summarise, survey_form_fields
from surveys.answering import SessionAnswers

CSRF_SECRET = "benchmarkcsrfsecret0123456789abc"  # 32 characters: Django accepts the unmasked secret


class SubmitPlan:
    """The survey's last page (path and answers) and the first pages' answers as the session keeps them."""

    def __init__(self, survey):
        self.survey = survey
        client = Client(HTTP_HOST="127.0.0.1")
        path = f"/surveys/{survey.slug}/answer/1/"
        rng = random.Random(1)
        response = client.get(path)
        while True:
            fields, _token = survey_form_fields(response.content.decode())
            data = {**answer(fields, rng), "action": "next"}
            self.last_path, self.last_answers = path, data
            posted = client.post(path, data)
            if posted.status_code != 302:
                raise SystemExit(f"The benchmark's answers to {path} were refused ({posted.status_code})")
            if posted["Location"].rstrip("/").endswith("/thanks"):
                break
            # The answers only: each prepared session makes its own browser and claim secrets at its
            # submit (sessions sharing one claim would be one browser: one response in all).
            kept = SessionAnswers(client.session, survey)
            self.session_data = {kept.key: kept.load()}
            path = posted["Location"]
            response = client.get(path)


def prepare_submit_sessions(plan, count, data=None):
    """`count` fresh session keys, each holding the answers of every page before the last (as the
    survey keeps them, or as `data`)."""
    store = SessionStore()
    expiry = timezone.now() + datetime.timedelta(hours=2)
    keys = [get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(count)]
    encoded = store.encode(plan.session_data if data is None else data)
    Session.objects.bulk_create(
        [Session(session_key=key, session_data=encoded, expire_date=expiry) for key in keys], batch_size=2000
    )
    return keys


def floor_session_data(plan):
    """The floor's sessions hold the same earlier answers, under the floor view's key."""
    from bench.urls import SESSION_KEY

    return {SESSION_KEY: next(iter(plan.session_data.values()))}


def post_cpu(plan, session_keys, floor_keys):
    """Median CPU ms per request in this process: the insert baseline, the floor and the survey's submit."""
    from bench.pages import cpu_milliseconds

    client = Client(HTTP_HOST="127.0.0.1")

    def posting(path, keys):
        keys = list(keys)

        def post():
            client.cookies.clear()
            client.cookies[settings.SESSION_COOKIE_NAME] = keys.pop()
            client.post(path, plan.last_answers)

        return post

    return {
        INSERT: cpu_milliseconds(lambda: client.post("/bench/one-insert/", {"payload": "x" * 200})),
        FLOOR: cpu_milliseconds(posting("/bench/session-insert/", floor_keys)),
        SUBMIT: cpu_milliseconds(posting(plan.last_path, session_keys)),
    }


INSERT = "baseline: one-transaction insert (POST)"
FLOOR = "floor: session read and save + one insert (POST)"
SUBMIT = "survey submit (POST, last page)"


def discard_sessions(session_keys):
    """The prepared sessions, used or not, are of no further use."""
    Session.objects.filter(session_key__in=list(session_keys)).delete()


def drive(ports, seconds, connections, make_request):
    """`connections` threads calling make_request(browser) until the time is up (or it returns False)."""
    recorder = Recorder()
    deadline = time.monotonic() + seconds
    started = time.monotonic()

    def loop(number):
        browser = Browser(ports, recorder, first_port=number)
        while time.monotonic() < deadline:
            try:
                if make_request(browser) is False:
                    return
            except OSError as error:
                recorder.error("post", error)

    threads = [threading.Thread(target=loop, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    figures = summarise(recorder.rows, time.monotonic() - started)
    figures["connection_errors"] = len(recorder.errors)
    return figures, recorder


def measure_insert_baseline(ports, seconds, connections):
    body = {"payload": "x" * 200}

    def insert(browser):
        browser.request("insert", "POST", "/bench/one-insert/", body)

    figures, recorder = drive(ports, seconds, connections, insert)
    figures["unexpected_status"] = sum(1 for row in recorder.rows if row[1] != 201)
    return figures


def _post_last_page(ports, seconds, connections, plan, session_keys, path, accepted):
    """The survey's last page POSTed to `path`, each request with a prepared session of its own;
    `accepted(status, location)` tells an expected answer from an unexpected one."""
    keys = list(session_keys)
    unexpected = []
    fields = {**plan.last_answers, "csrfmiddlewaretoken": CSRF_SECRET}

    def post(browser):
        try:
            key = keys.pop()
        except IndexError:
            return False  # every prepared session used: the run ends early, the rate stays right
        browser.cookies = {settings.CSRF_COOKIE_NAME: CSRF_SECRET, settings.SESSION_COOKIE_NAME: key}
        status, location, _body = browser.request(path, "POST", path, fields)
        if not accepted(status, location):
            unexpected.append(status)

    figures, _recorder = drive(ports, seconds, connections, post)
    figures["unexpected_status"] = len(unexpected)
    figures["sessions_left"] = len(keys)
    return figures


def measure_session_floor(ports, seconds, connections, plan, session_keys):
    """The floor view with the survey's last page as its body."""
    return _post_last_page(ports, seconds, connections, plan, session_keys, "/bench/session-insert/",
                           lambda status, _location: status == 302)


def measure_survey_submit(ports, seconds, connections, plan, session_keys):
    """The survey's final submit: each must redirect to the thank-you page and store one response."""
    from surveys.models import Response

    before = Response.objects.filter(survey=plan.survey).count()
    figures = _post_last_page(ports, seconds, connections, plan, session_keys, plan.last_path,
                              lambda status, location: status == 302 and location.rstrip("/").endswith("/thanks"))
    figures["responses_stored"] = Response.objects.filter(survey=plan.survey).count() - before
    return figures
