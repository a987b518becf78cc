"""Site search across initiatives, documents, indicators, meetings (and their minutes),
recommendations, surveys, committees and, for staff readers, people.

PostgreSQL full text with the "portal_search" configuration: the "simple" one (the site is
multilingual, so no stemming) with every word run through `unaccent` first (portal/migrations/0005),
so "salek" finds "Šalek" and "zalozba" finds "Založba"; prefix matching, so "market" finds
"marketing". Words the full text misses (the middle of a word, a translation) are found by a
substring match that ignores accents too (core.translated.text_matches).

Each kind is searched through the model's own visible_to(user): residents only ever get public
items; staff readers also get non-public ones, which the page marks as such. A text only some readers
may read (a meeting's unpublished minutes) is searched only for them (`SearchKind.guarded`).
"""
import operator
from dataclasses import dataclass, field
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import Case, F, Prefetch, Q, TextField, Value, When
from django.utils.translation import gettext_lazy as _

from committees.models import Committee, Document, Meeting, Membership, Person, Recommendation
from core.free_text import contains_ignoring_accents, first_words
from core.roles import is_staff_reader
from core.translated import shown, text_matches
from initiatives.models import Indicator, Initiative
from portal.summary import first_with_total
from surveys.models import Survey

SEARCH_CONFIG = "portal_search"  # simple + unaccent: portal/migrations/0005_accent_insensitive_search.py
RESULTS_PER_KIND = 10


@dataclass(frozen=True)
class SearchKind:
    key: str
    label: str
    queryset: object  # callable(user) -> QuerySet
    fields: tuple  # ((field, weight), ...) searched, most important first
    snippet: str  # attribute shown under the title ("" for none)
    is_public: object  # callable(obj) -> bool
    translated: bool = False  # its texts are also searched in every language they are written in (core.translated)
    # {field: callable(user) -> Q or None}: the field is searched only in the rows the Q selects (None: in all).
    guarded: dict = field(default_factory=dict)

    def searched(self, user):
        """[(field, weight, Q or None)] for `user`."""
        return [(name, weight, self.guarded[name](user) if name in self.guarded else None)
                for name, weight in self.fields]

    def vector(self, user):
        parts = [
            SearchVector(_guarded(name, guard) if guard else name, weight=weight, config=SEARCH_CONFIG)
            for name, weight, guard in self.searched(user)
        ]
        return reduce(operator.add, parts)

    def contains(self, user, word):
        """One Q: `word` in some searched field (ignoring accents; in any translation of a translated kind)."""
        found = Q()
        for name, _weight, guard in self.searched(user):
            matches = (text_matches([name], word, ignore_accents=True) if self.translated
                       else contains_ignoring_accents(F(name), word))
            found |= matches & guard if guard else matches
        return found


def _guarded(name, guard):
    """The text of field `name` in the rows `guard` selects; empty in the others."""
    return Case(When(guard, then=F(name)), default=Value(""), output_field=TextField())


def _people(user):
    """People are never searched for the public; staff readers find by name, never by e-mail or
    phone, the people the staff people page lists to them (PersonQuerySet.listed_for), with the
    committees they sit on."""
    if not is_staff_reader(user):
        return Person.objects.none()
    memberships = Membership.objects.select_related("committee").order_by("-term_start", "pk")
    return Person.objects.listed_for(user).prefetch_related(Prefetch("memberships", queryset=memberships))


KINDS = [
    SearchKind(
        "initiatives",
        _("Initiatives"),
        lambda user: Initiative.objects.visible_to(user).select_related("theme"),
        (("title", "A"), ("summary", "B"), ("description", "C"), ("area", "C")),
        "summary",
        lambda initiative: initiative.is_public,
        translated=True,
    ),
    SearchKind(
        "documents",
        _("Documents"),
        lambda user: Document.objects.visible_to(user).select_related("committee"),
        (("title", "A"), ("description", "B")),
        "description",
        lambda document: document.is_public and document.committee.is_public,
        translated=True,
    ),
    SearchKind(
        "indicators",
        _("Indicators"),
        lambda user: Indicator.objects.all(),  # every indicator has a public page
        (("name", "A"), ("description", "B")),
        "description",
        lambda indicator: True,
        translated=True,
    ),
    SearchKind(
        "meetings",
        _("Meetings"),
        lambda user: Meeting.objects.visible_to(user).select_related("committee"),
        (("title", "A"), ("committee__name", "B"), ("agenda", "B"), ("place", "C"), ("minutes", "C")),
        "agenda",
        lambda meeting: meeting.committee.is_public,
        translated=True,
        guarded={"minutes": Meeting.objects.minutes_readable_q},
    ),
    SearchKind(
        "recommendations",
        _("Recommendations"),
        lambda user: Recommendation.objects.visible_to(user).with_committee(),
        (("title", "A"), ("text", "B")),
        "text",
        lambda recommendation: recommendation.committee.is_public
        and recommendation.status != Recommendation.Status.DRAFT,
        translated=True,
    ),
    SearchKind(
        "surveys",
        _("Surveys"),
        lambda user: Survey.objects.visible_to(user).select_related("committee"),
        (("title", "A"), ("introduction", "B")),
        "introduction",
        lambda survey: survey.is_published,
        translated=True,
    ),
    SearchKind(
        "committees",
        _("Committees"),
        lambda user: Committee.objects.visible_to(user),
        (("name", "A"), ("mandate", "B")),
        "mandate",
        lambda committee: committee.is_public,
        translated=True,
    ),
    SearchKind(
        "people",
        _("People"),
        _people,
        (("full_name", "A"),),
        "",
        lambda person: any(membership.committee.is_public for membership in person.memberships.all()),
    ),
]


def search_query(words):
    """A prefix-matching tsquery of the words. Only words (letters and digits, with a dot or comma
    inside: "PM2.5") reach the raw query, so nothing typed can inject tsquery syntax."""
    return SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config=SEARCH_CONFIG)


def _matches(kind, user, words):
    query, vector = search_query(words), kind.vector(user)
    # Or every word somewhere as a substring (ranked after full-text matches).
    found = Q(search_document=query) | reduce(operator.and_, (kind.contains(user, word) for word in words))
    return (
        kind.queryset(user)
        .annotate(search_document=vector, search_rank=SearchRank(vector, query))
        .filter(found)
        .order_by("-search_rank", "pk")
    )


def site_search(text, user):
    """[{"kind", "label", "results": [{"object", "url", "title", "snippet", "is_public"}], "total"}] for each
    kind with a match, one query a kind (people: two)."""
    words = first_words(text)
    if not words:
        return []
    groups = []
    for kind in KINDS:
        rows, total = first_with_total(_matches(kind, user, words), RESULTS_PER_KIND)
        if rows:
            results = [_result(kind, row) for row in rows]
            groups.append({"kind": kind.key, "label": kind.label, "results": results, "total": total})
    return groups


def _result(kind, row):
    """A row as the page lists it: its title and snippet in the reader's language where it is translated."""
    if kind.key == "people":
        return _person_result(kind, row)
    if kind.translated:
        # A meeting without a title is named by its date (str).
        title, snippet = shown(row, kind.fields[0][0]) or str(row), shown(row, kind.snippet)
    else:
        title, snippet = str(row), getattr(row, kind.snippet)
    return {"object": row, "url": row.get_absolute_url(), "title": title, "snippet": snippet,
            "is_public": kind.is_public(row)}


def _person_result(kind, person):
    """A person by name, with the committees they sit or sat on (the latest first, which the name
    links to); never their e-mail or phone."""
    memberships = list(person.memberships.all())
    return {
        "object": person,
        "url": memberships[0].committee.get_absolute_url() if memberships else "",
        "title": str(person),
        "snippet": "",
        "memberships": memberships,
        "is_public": kind.is_public(person),
    }
