"""Site search across initiatives, surveys, committees, meetings and recommendations.

PostgreSQL full text with the "simple" configuration (the site is multilingual, so no stemming)
and prefix matching, so "market" finds "marketing". Each kind is searched through the model's
own visible_to(user): residents only ever get public items; staff readers also get non-public
ones, which the page marks as such.
"""
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.utils.translation import gettext_lazy as _

from committees.models import Committee, Meeting, Recommendation
from initiatives.models import Initiative
from portal.summary import first_with_total
from surveys.models import Survey

SEARCH_CONFIG = "simple"
RESULTS_PER_KIND = 10
MOST_WORDS = 8


@dataclass(frozen=True)
class SearchKind:
    key: str
    label: str
    queryset: object  # callable(user) -> QuerySet
    vector: object  # callable() -> SearchVector
    snippet: str  # attribute shown under the title
    is_public: object  # callable(obj) -> bool


def _vector(*weighted):
    vector = None
    for field, weight in weighted:
        part = SearchVector(field, weight=weight, config=SEARCH_CONFIG)
        vector = part if vector is None else vector + part
    return vector


KINDS = [
    SearchKind(
        "initiatives",
        _("Initiatives"),
        lambda user: Initiative.objects.visible_to(user).select_related("theme"),
        lambda: _vector(("title", "A"), ("summary", "B"), ("description", "C"), ("area", "C")),
        "summary",
        lambda initiative: initiative.is_public,
    ),
    SearchKind(
        "surveys",
        _("Surveys"),
        lambda user: Survey.objects.visible_to(user).select_related("committee"),
        lambda: _vector(("title", "A"), ("introduction", "B")),
        "introduction",
        lambda survey: survey.is_published,
    ),
    SearchKind(
        "committees",
        _("Committees"),
        lambda user: Committee.objects.visible_to(user),
        lambda: _vector(("name", "A"), ("mandate", "B")),
        "mandate",
        lambda committee: committee.is_public,
    ),
    SearchKind(
        "meetings",
        _("Meetings"),
        lambda user: Meeting.objects.visible_to(user).select_related("committee"),
        lambda: _vector(("title", "A"), ("committee__name", "B"), ("agenda", "B"), ("place", "C")),
        "agenda",
        lambda meeting: meeting.committee.is_public,
    ),
    SearchKind(
        "recommendations",
        _("Recommendations"),
        lambda user: Recommendation.objects.visible_to(user).with_committee(),
        lambda: _vector(("title", "A"), ("text", "B")),
        "text",
        lambda recommendation: recommendation.committee.is_public
        and recommendation.status != Recommendation.Status.DRAFT,
    ),
]


def search_query(text):
    """A prefix-matching tsquery of the words in `text`, or None when there is no word to look for.

    Only word characters reach the raw query, so nothing typed can inject tsquery syntax.
    """
    words = re.findall(r"\w+", text)[:MOST_WORDS]
    if not words:
        return None
    return SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config=SEARCH_CONFIG)


def site_search(text, user):
    """[{"kind", "label", "results": [{"object", "snippet", "is_public"}], "total"}] for each kind with a match."""
    query = search_query(text)
    if query is None:
        return []
    groups = []
    for kind in KINDS:
        vector = kind.vector()
        matches = (
            kind.queryset(user)
            .annotate(search_document=vector, search_rank=SearchRank(vector, query))
            .filter(search_document=query)
            .order_by("-search_rank", "pk")
        )
        rows, total = first_with_total(matches, RESULTS_PER_KIND)
        if rows:
            results = [
                {"object": row, "snippet": getattr(row, kind.snippet), "is_public": kind.is_public(row)} for row in rows
            ]
            groups.append({"kind": kind.key, "label": kind.label, "results": results, "total": total})
    return groups
