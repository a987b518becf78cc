"""Request bodies through a real server (gunicorn, production settings): a form posted in another
charset with a valid CSRF token, and bodies larger than the portal takes, are refused in the
portal's look, never with a server error."""
from io import BytesIO
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from committees.models import Document
from core.request_limits import BoundedBody, RequestBodyTooLarge

LOOK = ('<main id="main"', "<nav")
CHARSETS = ["latin-1", "utf-16"]
# (address, status, what the page says): an unknown address is a 404 before any body is read.
URLS = [
    ("/accounts/login/", 400, "The request could not be read"),
    ("/i18n/setlang/", 400, "The request could not be read"),
    ("/initiatives/no/such/page/", 404, "Page not found"),
]


def posted_in(served, url, charset):
    """A form POST with the cookie and token a browser got from the sign-in page, in `charset`."""
    cookie, token = served.csrf()
    body = urlencode({"csrfmiddlewaretoken": token, "username": "nobody-served", "password": "wrong"})
    headers = {"Cookie": cookie, "Content-Type": f"application/x-www-form-urlencoded; charset={charset}"}
    return served.request("POST", url, body.encode(charset), headers)


def test_an_ordinary_form_post_is_read_as_before(served_portal):
    cookie, token = served_portal.csrf()
    body = urlencode({"csrfmiddlewaretoken": token, "language": "sl", "next": "/initiatives/"})
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    status, headers, _content = served_portal.request("POST", "/i18n/setlang/", body, headers)
    assert (status, headers["Location"]) == (302, "/initiatives/")
    assert "language=sl" in headers["Set-Cookie"]


@pytest.mark.parametrize("charset", CHARSETS)
@pytest.mark.parametrize("url, expected, says", URLS, ids=[url for url, _status, _says in URLS])
def test_a_form_post_in_another_charset_with_a_valid_token_is_a_400_in_the_portal_look(
    served_portal, url, expected, says, charset
):
    with served_portal.no_server_error():
        status, _headers, content = posted_in(served_portal, url, charset)
    assert status == expected
    assert says in content and all(part in content for part in LOOK)


MB = 1024 * 1024
BOUNDARY = "----portal-test-boundary"


def sign_in_upload(token, size, chunk=64 * 1024):
    """(head of the multipart body, chunks of the body): the sign-in form's fields, then a file of `size` bytes."""
    fields = "".join(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in (("csrfmiddlewaretoken", token), ("username", "nobody-served"), ("password", "wrong"))
    )
    opening = (fields + f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n'
               "Content-Type: application/octet-stream\r\n\r\n").encode()
    closing = f"\r\n--{BOUNDARY}--\r\n".encode()

    def chunks():
        yield opening
        for _ in range(size // chunk):
            yield b"x" * chunk
        yield closing

    return len(opening) + size // chunk * chunk + len(closing), chunks()


def request_head(path, cookie, **headers):
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", f"Cookie: {cookie}",
             f"Content-Type: multipart/form-data; boundary={BOUNDARY}"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def test_a_200_mb_upload_to_the_sign_in_page_is_refused_before_it_is_read(served_portal):
    cookie, token = served_portal.csrf()
    length, chunks = sign_in_upload(token, 200 * MB)
    with served_portal.no_server_error():
        status, page, taken = served_portal.streamed(request_head("/accounts/login/", cookie, Content_Length=length), chunks)
    assert status == "HTTP/1.1 413 Request Entity Too Large"
    assert taken < 32 * MB  # what the sockets' buffers hold, not the body
    assert "Too much was sent" in page and all(part in page for part in LOOK)


def test_a_body_of_unknown_length_is_not_read_at_all(served_portal):
    cookie, token = served_portal.csrf()
    _length, chunks = sign_in_upload(token, 200 * MB)
    head = request_head("/accounts/login/", cookie, Transfer_Encoding="chunked")
    status, _page, taken = served_portal.streamed(head, (b"%x\r\n%s\r\n" % (len(chunk), chunk) for chunk in chunks))
    assert status.startswith("HTTP/1.1 4") and taken < 32 * MB


@pytest.mark.django_db
def test_a_document_as_large_as_the_upload_limit_is_still_taken(role_clients, world):
    size = settings.MAX_UPLOAD_MB * MB
    file = SimpleUploadedFile("budget.pdf", b"%PDF-1.4 " + b"0" * (size - 9), content_type="application/pdf")
    url = reverse("committees:document-create", kwargs={"slug": world.committee_a.slug})
    response = role_clients["secretary_a"].post(url, {"title": "Full budget", "kind": "other", "file": file})
    assert response.status_code == 302
    assert Document.objects.get(title="Full budget").file.size == size


def test_a_body_that_brings_more_than_it_declared_is_refused_once_past_the_limit():
    """Under gunicorn Django reads no more than the declared length; other servers (ASGI's spooled
    bodies, chunked uploads) may hand over more: the reader counts what it gives out."""
    body = BoundedBody(BytesIO(b"x" * 100), declared_length=0, limit=64)
    assert body.read(64) == b"x" * 64
    with pytest.raises(RequestBodyTooLarge):
        body.read(1)


@pytest.mark.django_db
def test_the_wsgi_application_answers_413_to_a_declared_oversized_body_without_reading_it():
    """The bound sits in the WSGI application that gunicorn and runserver serve (portal/wsgi.py),
    in front of Django: a body declared larger than the limit is refused before a byte is read."""
    from portal.wsgi import application

    class Untouchable(BytesIO):
        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": "/accounts/login/", "SERVER_NAME": "localhost", "SERVER_PORT": "80",
        "wsgi.url_scheme": "http", "wsgi.input": Untouchable(), "wsgi.errors": BytesIO(),
        "CONTENT_TYPE": "multipart/form-data; boundary=x", "CONTENT_LENGTH": str(settings.REQUEST_BODY_MAX_BYTES + 1),
        # A valid CSRF pair in cookie and header, so the sign-in view itself reads the form.
        "HTTP_COOKIE": f"{settings.CSRF_COOKIE_NAME}={'a' * 32}", "HTTP_X_CSRFTOKEN": "a" * 32,
    }
    statuses = []
    body = b"".join(application(environ, lambda status, headers, *exc: statuses.append(status)))
    assert statuses[0].startswith("413")
    assert b"MB" in body
