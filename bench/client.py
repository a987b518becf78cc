"""A small HTTP client for the load test and the POST benchmarks (standard library only).

`Browser` keeps its own cookies (session, CSRF) like one resident's browser and sends each request
to the next of the two app servers in turn, so a flow only works if the database holds all state.
`Recorder` collects (label, status, seconds) of every request from many threads.
"""
import http.client
import random
import re
import time
import urllib.parse
from html import unescape
from http.cookies import SimpleCookie

HOST = "127.0.0.1"  # the benchmarks only ever talk to this machine


class Recorder:
    def __init__(self):
        self.rows = []  # list.append is atomic under the GIL: no lock needed per request
        self.errors = []

    def add(self, label, status, seconds):
        self.rows.append((label, status, seconds))

    def error(self, label, error):
        self.errors.append((label, repr(error)))


def percentile(values, share):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summarise(rows, seconds):
    """Requests/s, p50/p99 in ms and status counts of `rows` over a run of `seconds`."""
    latencies = [row[2] for row in rows]
    return {
        "requests": len(rows),
        "requests_per_second": round(len(rows) / seconds, 1) if seconds else 0,
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1) if rows else None,
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1) if rows else None,
        "status_5xx": sum(1 for row in rows if row[1] >= 500),
        "status_4xx": sum(1 for row in rows if 400 <= row[1] < 500),
    }


class Browser:
    def __init__(self, ports, recorder, first_port=0):
        self.ports = ports
        self.turn = first_port
        self.cookies = {}
        self.recorder = recorder

    def next_port(self):
        port = self.ports[self.turn % len(self.ports)]
        self.turn += 1
        return port

    def request(self, label, method, path, fields=None):
        """One request to the next server; returns (status, location, body text)."""
        port = self.next_port()
        headers = {"Host": f"{HOST}:{port}", "User-Agent": "portal-bench"}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        self.recorder.add(label, response.status, time.perf_counter() - started)
        self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
        return response.status, response.headers.get("Location", ""), text

    def _keep_cookies(self, set_cookie_headers):
        for header in set_cookie_headers:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value


INPUT = re.compile(r"<(input|textarea)\b([^>]*)>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
SENTENCES = [
    "More benches and shade on the square.", "A weekly market would bring me more often.",
    "Shops open on Saturday afternoon.", "Fewer cars on Main Street, please.", "Evening concerts in summer.",
]


def _answer_form(html):
    return next((part for part in html.split("<form")[1:] if 'name="action"' in part), "")


def survey_form_action(html):
    """Where the page's answer form posts when it names another address (its action), else None."""
    action = re.match(r'[^>]*\baction="([^"]+)"', _answer_form(html))
    return unescape(action.group(1)) if action else None


def survey_form_fields(html):
    """The answer form's fields: {name: (type, [values])} for the questions, and its CSRF token."""
    form = _answer_form(html)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    fields = {}
    for tag, attributes in INPUT.findall(form):
        attrs = dict(ATTRIBUTE.findall(attributes))
        name = attrs.get("name", "")
        if not re.fullmatch(r"q\d+(_other)?", name):
            continue
        kind = "textarea" if tag.lower() == "textarea" else attrs.get("type", "text")
        if attrs.get("inputmode") in ("numeric", "decimal"):
            kind = "number"  # the portal's number inputs are text inputs with an inputmode (core.number_input)
        fields.setdefault(name, (kind, []))[1].append(attrs.get("value"))
    return fields, token.group(1) if token else None


def answer(fields, rng=random):
    """A plausible resident's answers to the fields of one page (valid for the demo survey)."""
    data = {}
    for name, (kind, values) in fields.items():
        if name.endswith("_other"):
            continue
        options = [value for value in values if value != "other"]
        if kind == "radio":
            data[name] = rng.choice(options)
        elif kind == "checkbox":
            data[name] = rng.sample(options, k=min(len(options), rng.choice((1, 2, 3))))
        elif kind == "number":
            data[name] = str(rng.randint(0, 150))
        elif kind == "textarea":
            data[name] = rng.choice(["", *SENTENCES])
        else:
            data[name] = rng.choice(SENTENCES)
    return data
