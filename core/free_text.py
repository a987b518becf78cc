"""Free text typed into a page's address (`?q=` and the like): only its first few words count.

Every search box of the portal reads its text through `first_words` (or `first_words_text` where
the text is matched as typed), so what one request costs is bounded however much is sent: a
10,000-character `q` costs what an eight-word one does. The words become one `Q`, never one
`.filter()` per word (chained filters grow quadratically in Python).
"""
import operator
import re
from functools import reduce
from itertools import islice

from django.contrib.postgres.lookups import Unaccent
from django.db.models import Q, TextField, Value
from django.db.models.lookups import IContains

MOST_WORDS = 8
# Enough for eight long words; only this much of the text is ever looked at.
MOST_CHARACTERS = 200
# A run of letters and digits; a dot or comma between two of them stays inside the word, so "PM2.5",
# "2,5" and "1.200" are found as written (a full stop or comma before a space ends the word).
WORD = re.compile(r"\w+(?:[.,]\w+)*")


def first_words(text):
    """The first MOST_WORDS words (runs of letters and digits, "PM2.5" one word) of the text's first
    MOST_CHARACTERS."""
    return WORD.findall((text or "")[:MOST_CHARACTERS])[:MOST_WORDS]


def first_words_text(text):
    """The text as typed (punctuation kept; NULs dropped, as PostgreSQL text holds none), up to the end of
    its MOST_WORDS-th word."""
    text = (text or "")[:MOST_CHARACTERS].replace("\x00", "")
    last = None
    for last in islice(WORD.finditer(text), MOST_WORDS):
        pass
    return " ".join(text[: last.end()].split()) if last else ""


def every_word_in_some_field(words, fields):
    """One Q: each word appears (case-insensitively) in at least one of the fields. Empty for no words."""
    if not words:
        return Q()
    return reduce(
        operator.and_,
        (reduce(operator.or_, (Q(**{f"{field}__icontains": word}) for field in fields)) for word in words),
    )


class FirstWordsAdminSearch:
    """For a ModelAdmin with search_fields: the admin's search box reads only the first few words too."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, first_words_text(search_term))


def contains_ignoring_accents(text, word):
    """One Q: `word` in the text expression `text` (a field name, or a JSON key's text), ignoring case
    and accents as PostgreSQL's `unaccent` folds them ("salek" finds "Šalek", "lodz" finds "Łódź";
    the extension: portal/migrations/0005)."""
    return Q(IContains(Unaccent(text, output_field=TextField()), Unaccent(Value(word), output_field=TextField())))
