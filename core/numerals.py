"""Digits as each language writes them.

Persian pages show Persian digits (۰–۹); every other language of the portal uses Latin digits.
People also type Arabic-Indic digits (٠–٩) on Persian and Arabic keyboards. Output goes through
`native_digits`; typed text goes through `latin_digits` before it is read as a number.
"""
from django.utils.translation import get_language

LATIN = "0123456789"
PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
# Languages whose pages write numbers in Persian digits.
PERSIAN_DIGIT_LANGUAGES = {"fa"}

_TO_PERSIAN = str.maketrans(LATIN, PERSIAN)
_TO_LATIN = str.maketrans(PERSIAN + ARABIC_INDIC, LATIN + LATIN)


def uses_persian_digits(language=None):
    """Whether pages in `language` (default: the active one) write Persian digits."""
    language = (language or get_language() or "").split("-")[0]
    return language in PERSIAN_DIGIT_LANGUAGES


def native_digits(text, language=None):
    """`text` with its Latin digits written as `language` (default: the active one) writes them."""
    text = str(text)
    return text.translate(_TO_PERSIAN) if uses_persian_digits(language) else text


def latin_digits(text):
    """`text` with Persian and Arabic-Indic digits as Latin ones; nothing else changes."""
    return str(text).translate(_TO_LATIN)
