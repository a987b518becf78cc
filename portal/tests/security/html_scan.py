"""Reads a rendered page the way a browser would and lists what a strict CSP would block or
what would run script from text: inline scripts without the response's nonce (files from our
own origin need none: script-src has 'self'), inline event handlers (onclick=…), javascript: URLs."""
import re
from html.parser import HTMLParser

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def policy_nonce(policy):
    match = re.search(r"'nonce-([^']+)'", policy)
    return match.group(1) if match else None


class ScriptScanner(HTMLParser):
    def __init__(self, nonce):
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.problems = []
        self.script_nonces = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag}> has an inline event handler {name}={value!r}")
            if name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag}> has a javascript: URL in {name}")
        if tag == "script":
            self.script_nonces.append(attributes.get("nonce"))
            data_only = (attributes.get("type") or "").lower() in DATA_SCRIPT_TYPES
            same_origin_file = (attributes.get("src") or "").startswith("/") and not attributes["src"].startswith("//")
            if not (data_only or same_origin_file or attributes.get("nonce") == self.nonce):
                self.problems.append(f"<script {attributes}> would run without the response's nonce")


def scan(html, policy):
    """(problems, nonces of the script tags) of one page under its Content-Security-Policy header."""
    scanner = ScriptScanner(policy_nonce(policy))
    scanner.feed(html)
    scanner.close()
    return scanner.problems, scanner.script_nonces
