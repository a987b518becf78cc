"""Test helpers for edit forms that carry the version they were opened at (core.edits)."""
import re

VERSION_INPUT = re.compile(r'name="version" value="(\d+)"')


def version_of(row):
    """The version field of an edit form opened now on `row`, as the browser would post it back."""
    return {"version": type(row)._default_manager.values_list("version", flat=True).get(pk=row.pk)}


def opened(client, url):
    """The version field of the form at `url` as the client gets it ({} when it gets no such form)."""
    response = client.get(url)
    page = response.status_code == 200 and not response.streaming
    found = VERSION_INPUT.search(response.content.decode()) if page else None
    return {"version": found.group(1)} if found else {}
