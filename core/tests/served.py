"""The portal served by gunicorn on a free local port, against the test database, for what only a
real server shows: a real CSRF round trip (the test client skips the check), and request bodies
as a socket delivers them (lying lengths, chunked, oversized).

Every socket it opens has a timeout, so no test can hang on a server that waits for more bytes.
"""
import contextlib
import http.client
import os
import re
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SOCKET_TIMEOUT = 10  # seconds any one read or write may wait
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(settings_dict):
    user, host, port = settings_dict["USER"] or "postgres", settings_dict["HOST"] or "127.0.0.1", settings_dict["PORT"] or 5432
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


class ServedPortal:
    def __init__(self, port, log_path):
        self.host, self.port, self.log_path = "127.0.0.1", port, log_path

    def connection(self):
        return http.client.HTTPConnection(self.host, self.port, timeout=SOCKET_TIMEOUT)

    def request(self, method, path, body=None, headers=None):
        """(status, headers, body) of one request on a fresh connection."""
        connection = self.connection()
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def csrf(self, path="/accounts/login/"):
        """(Cookie header, form token) as a browser gets them by opening a page with a form."""
        connection = self.connection()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            cookies = [value.split(";", 1)[0] for name, value in response.getheaders() if name.lower() == "set-cookie"]
            token = TOKEN.search(response.read().decode()).group(1)
        finally:
            connection.close()
        return "; ".join(cookies), token

    def raw(self, head, body=b"", *, close_write=True):
        """Send bytes as they are; the status line of the answer ('' when the server closed without one)."""
        with socket.create_connection((self.host, self.port), timeout=SOCKET_TIMEOUT) as sock:
            sock.sendall(head + body)
            if close_write:
                sock.shutdown(socket.SHUT_WR)  # no more bytes are coming: a server waiting for them sees the end
            answer = _read_all(sock)
        return answer.split(b"\r\n", 1)[0].decode("latin-1")

    def streamed(self, head, chunks):
        """Send the head, then the chunks until the server answers or stops taking them:
        (status line, answer as text, bytes of the chunks the server took)."""
        taken = 0
        with socket.create_connection((self.host, self.port), timeout=SOCKET_TIMEOUT) as sock:
            sock.sendall(head)
            for chunk in chunks:
                if select.select([sock], [], [], 0)[0]:
                    break  # the server has answered (or closed): it wants no more
                try:
                    sock.sendall(chunk)
                except (BrokenPipeError, ConnectionResetError, socket.timeout):
                    break
                taken += len(chunk)
            answer = _read_all(sock)
        text = answer.decode("utf-8", "replace")
        return text.split("\r\n", 1)[0], text, taken

    def log(self):
        return self.log_path.read_text()

    @contextlib.contextmanager
    def no_server_error(self):
        """Fails when the server logs an error while the block runs."""
        before = len(self.log())
        yield
        logged = self.log()[before:]
        assert "Internal Server Error" not in logged, logged


def _read_all(sock):
    """Everything the server sends until it closes (or stops sending for SOCKET_TIMEOUT)."""
    answer = b""
    with contextlib.suppress(ConnectionResetError, socket.timeout):
        while data := sock.recv(65536):
            answer += data
    return answer


@contextlib.contextmanager
def gunicorn_serving(settings_dict, log_path, **environment):
    """gunicorn (one sync worker) serving the portal with production settings over plain HTTP."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": "served-test-instance-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_SECURE": "False",
        "DJANGO_STATIC_MANIFEST": "False",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "CACHE_URL": "locmemcache://served",
        "DATABASE_URL": database_url(settings_dict),
        **environment,
    }
    command = [str(Path(sys.executable).with_name("gunicorn")), "portal.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", "1", "--timeout", "30", "--graceful-timeout", "2", "--log-level", "warning"]
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        _wait_until_answering(port, process, log_path)
        yield ServedPortal(port, log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait_until_answering(port, process, log_path):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {log_path.read_text()}")
        with contextlib.suppress(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not start within 30 s")
