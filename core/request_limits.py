"""The portal caps every request body itself; a proxy's limit (nginx's client_max_body_size) is a
second line, not the only one.

`bounded_body` wraps the WSGI application (portal/wsgi.py, which gunicorn and runserver serve) and
puts a bounded reader in front of the request body, at the WSGI level, before Django builds its
request. Nothing is read ahead of time: whoever reads the body first (the CSRF check, a form) gets
`RequestBodyTooLarge` at once when the declared length is above the limit, before a single byte is
read, and the same as soon as more than the limit has been read, whatever was declared. Django
turns the exception (a SuspiciousOperation) into a call of handler400, which answers 413 in the
portal's look (portal.views.bad_request) with every middleware's headers; a body nobody reads
(a GET, an unknown address) is never read at all.
"""
from io import IOBase

from django.conf import settings
from django.core.exceptions import RequestDataTooBig


class RequestBodyTooLarge(RequestDataTooBig):
    """The request body is larger than settings.REQUEST_BODY_MAX_BYTES. A kind of Django's own
    RequestDataTooBig, so Django also marks the form data unreadable for anything after it."""


class BoundedBody(IOBase):
    """A request body stream that refuses to yield more than `limit` bytes (the declared length
    is checked on the first read, so an oversized body is refused before any of it is read).
    A stream as Django's own LimitedStream is: Django closes it once it has read the body."""

    def __init__(self, stream, declared_length, limit):
        super().__init__()
        self.stream, self.declared_length, self.limit, self.read_so_far = stream, declared_length, limit, 0

    def _check(self):
        if self.declared_length > self.limit or self.read_so_far > self.limit:
            raise RequestBodyTooLarge(
                f"Request body of {self.declared_length or 'unknown'} bytes, above REQUEST_BODY_MAX_BYTES ({self.limit})"
            )

    def _counted(self, data):
        self.read_so_far += len(data)
        self._check()
        return data

    def read(self, size=-1):
        self._check()
        return self._counted(self.stream.read(size))

    def readline(self, size=-1):
        self._check()
        return self._counted(self.stream.readline(size))


def declared_length(environ):
    try:
        return max(int(environ.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def bounded_body(application):
    """The WSGI `application` with every request body read through BoundedBody, limited to
    settings.REQUEST_BODY_MAX_BYTES."""

    def bounded_application(environ, start_response):
        environ["wsgi.input"] = BoundedBody(environ["wsgi.input"], declared_length(environ), settings.REQUEST_BODY_MAX_BYTES)
        return application(environ, start_response)

    return bounded_application
