"""Site search across initiatives, surveys, committees, meetings and recommendations.

PostgreSQL full text with the "simple" configuration (the site is multilingual, so no stemming)
and prefix matching, so "market" finds "marketing". Each kind is searched through the model's
own visible_to(user): residents only ever get public items; staff readers also get non-public
ones, which the page marks as such.
"""
import operator
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from committees.models import Committee, Meeting, Recommendation
from initiatives.models import Initiative
from core.free_text import first_words
from core.translated import shown, text_matches
from portal.summary import first_with_total
from surveys.models import Survey

SEARCH_CONFIG = "simple"
RESULTS_PER_KIND = 10


@dataclass(frozen=True)
class SearchKind:
    key: str
    label: str
    queryset: object  # callable(user) -> QuerySet
    fields: tuple  # ((field, weight), ...) searched, most important first
    snippet: str  # attribute shown under the title
    is_public: object  # callable(obj) -> bool
    translated: bool = False  # its texts are also searched in every language they are written in (core.translated)


    def vector(self):
        parts = [SearchVector(field, weight=weight, config=SEARCH_CONFIG) for field, weight in self.fields]
        return reduce(operator.add, parts)


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
        "meetings",
        _("Meetings"),
        lambda user: Meeting.objects.visible_to(user).select_related("committee"),
        (("title", "A"), ("committee__name", "B"), ("agenda", "B"), ("place", "C")),
        "agenda",
        lambda meeting: meeting.committee.is_public,
        translated=True,
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
]


def search_query(words):
    """A prefix-matching tsquery of the words. Only word characters reach the raw query, so nothing
    typed can inject tsquery syntax."""
    return SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config=SEARCH_CONFIG)


def _matches(kind, user, words):
    query, vector = search_query(words), kind.vector()
    found = Q(search_document=query)
    if kind.translated:  # or every word in the original or in one translation (ranked after full-text matches)
        fields = [field for field, _weight in kind.fields]
        found |= reduce(operator.and_, (text_matches(fields, word) for word in words))
    return (
        kind.queryset(user)
        .annotate(search_document=vector, search_rank=SearchRank(vector, query))
        .filter(found)
        .order_by("-search_rank", "pk")
    )


def site_search(text, user):
    """[{"kind", "label", "results": [{"object", "title", "snippet", "is_public"}], "total"}] for each kind with a match."""
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
    if kind.translated:
        # A meeting without a title is named by its date (str).
        title, snippet = shown(row, kind.fields[0][0]) or str(row), shown(row, kind.snippet)
    else:
        title, snippet = str(row), getattr(row, kind.snippet)
    return {"object": row, "title": title, "snippet": snippet, "is_public": kind.is_public(row)}
