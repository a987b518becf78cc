"""The Slovenian, Polish and Persian catalogs are complete, valid and in step with the source.

Needs GNU gettext (msgfmt, msgattrib); skipped with a message where it is not installed (CI
installs it)."""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import django
import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
DJANGO_LOCALE = Path(django.__file__).parent / "conf" / "locale"
# Not source: what makemessages must never read, in the copy of the project it runs on.
NOT_SOURCE = (".venv", "node_modules", ".git", "staticfiles", "media", "__pycache__", "*.mo", "test-artifacts")

pytestmark = pytest.mark.skipif(
    not (shutil.which("msgfmt") and shutil.which("msgattrib")),
    reason="msgfmt/msgattrib not installed: install GNU gettext (`apt-get install gettext`) to check the catalogs",
)


def catalog(language, locale_dir=BASE_DIR / "locale"):
    return locale_dir / language / "LC_MESSAGES" / "django.po"


def entries(po_text):
    """(msgctxt, msgid, msgid_plural) of every live entry, and the msgstr lines of each."""
    found = {}
    for block in po_text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        if not lines:
            continue
        fields, current = {}, None
        for line in lines:
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            key = (fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"))
            found[key] = {name: value for name, value in fields.items() if name.startswith("msgstr")}
    return found


def untranslated(po_path):
    """msgids with an empty msgstr (any plural form), and those marked fuzzy."""
    text = po_path.read_text(encoding="utf-8")
    empty = [key[1] for key, strings in entries(text).items() if not strings or not all(strings.values())]
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(po_path)], capture_output=True, text=True, check=True
    ).stdout
    return empty, re.findall(r'^msgid "(.+)"$', fuzzy, flags=re.M) + (["(the header)"] if "#, fuzzy" in text[:600] else [])


def plural_forms(po_path):
    text = po_path.read_text(encoding="utf-8")
    header = re.search(r'msgid ""\nmsgstr ""\n((?:".*"\n)+)', text).group(1)
    joined = "".join(line[1:-1] for line in header.splitlines())
    return re.search(r"Plural-Forms: ([^\\]*)", joined).group(1).strip()


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    empty, fuzzy = untranslated(catalog(language))
    assert not empty, f"{len(empty)} untranslated in {language}: {empty[:20]}"
    assert not fuzzy, f"fuzzy entries in {language}: {fuzzy[:20]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_msgfmt_check_passes(language):
    result = subprocess.run(
        ["msgfmt", "--check", "--output-file=/dev/null", str(catalog(language))], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("language", TRANSLATED)
def test_plural_forms_are_djangos(language):
    assert plural_forms(catalog(language)) == plural_forms(DJANGO_LOCALE / language / "LC_MESSAGES" / "django.po")


def _makemessages_command():
    """The command of `make messages`, read from the Makefile so that the test runs exactly it."""
    makefile = (BASE_DIR / "Makefile").read_text()
    line = next(line.strip() for line in makefile.splitlines() if "makemessages" in line and "$(MANAGE)" in line)
    return [sys.executable, "manage.py", *line.replace("$(MANAGE)", "").split()]


def test_catalogs_are_in_step_with_the_source(tmp_path):
    """`make messages` on a copy of the project adds nothing untranslated and finds every entry still used."""
    copy = tmp_path / "project"
    shutil.copytree(BASE_DIR, copy, ignore=shutil.ignore_patterns(*NOT_SOURCE), symlinks=True)
    result = subprocess.run(_makemessages_command(), cwd=copy, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    problems = []
    for language in TRANSLATED:
        fresh = entries(catalog(language, copy / "locale").read_text(encoding="utf-8"))
        committed = entries(catalog(language).read_text(encoding="utf-8"))
        new = [key[1] for key in fresh.keys() - committed.keys()]
        gone = [key[1] for key in committed.keys() - fresh.keys()]
        if new:
            problems.append(f"{language}: {len(new)} new source strings not in the catalog: {new[:10]}")
        if gone:
            problems.append(f"{language}: {len(gone)} catalog entries no longer in the source: {gone[:10]}")
    assert not problems, "Run `make messages` and translate:\n" + "\n".join(problems)
