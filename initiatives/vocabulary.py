"""The fixed vocabulary stored in the database (theme names seeded by migration 0002, the demo
indicators' names and units) is English text; it is shown in the reader's language by looking it
up in the translation catalog at display time. Names added in the admin that have no translation
are shown as entered."""
from django.utils.translation import gettext, gettext_noop

# Migration 0002 seeds these names; listed here so that makemessages finds them.
THEME_NAMES = [
    gettext_noop("Economic revival and financing"),
    gettext_noop("Housing"),
    gettext_noop("Participation and NGOs"),
    gettext_noop("Public space and renovation"),
    gettext_noop("Entrepreneurship and retail"),
    gettext_noop("Vacant premises"),
    gettext_noop("Marketing and events"),
    gettext_noop("Mobility"),
    gettext_noop("Culture"),
    gettext_noop("Environment"),
]


def translated(text):
    """`text` in the active language when the catalog has it, else `text` unchanged."""
    return gettext(text) if text else text
