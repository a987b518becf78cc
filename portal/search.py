"""Site search across initiatives, surveys, committees, meetings and recommendations.

PostgreSQL full text with the "simple" configuration (the site is multilingual, so no stemming)
and prefix matching, so "market" finds "marketing". Content is found in every language it is written
in: a field's translations (core.translated) are searched with the same weight as its original. Each kind is searched through the model's
own visible_to(user): residents only ever get public items; staff readers also get non-public
ones, which the page marks as such.
"""
import operator
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.utils.translation import gettext_lazy as _

from committees.models import Committee, Meeting, Recommendation
from initiatives.models import Initiative
from core.free_text import first_words
from core.translated import LANGUAGE_CODES, shown
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


    def vector(self, model):
        parts = []
        for field, weight in self.fields:
            parts.append(SearchVector(field, weight=weight, config=SEARCH_CONFIG))
            parts += [SearchVector(text, weight=weight, config=SEARCH_CONFIG) for text in _translations_of(model, field)]
        return reduce(operator.add, parts)

    def snippet_of(self, row):
        return shown(row, self.snippet) if hasattr(row, "translated_fields") else getattr(row, self.snippet)


def _translations_of(model, field):
    """`field`'s translation into each language (core.translated), as expressions, when the model it
    belongs to (a related one for "committee__name") translates it; else none."""
    *steps, name = field.split("__")
    for step in steps:
        model = model._meta.get_field(step).related_model
    if name not in getattr(model, "translated_fields", ()):
        return []
    translations = "__".join([*steps, "translations"])
    return [KeyTextTransform(name, KeyTransform(language, translations)) for language in LANGUAGE_CODES]


KINDS = [
    SearchKind(
        "initiatives",
        _("Initiatives"),
        lambda user: Initiative.objects.visible_to(user).select_related("theme"),
        (("title", "A"), ("summary", "B"), ("description", "C"), ("area", "C")),
        "summary",
        lambda initiative: initiative.is_public,
    ),
    SearchKind(
        "surveys",
        _("Surveys"),
        lambda user: Survey.objects.visible_to(user).select_related("committee"),
        (("title", "A"), ("introduction", "B")),
        "introduction",
        lambda survey: survey.is_published,
    ),
    SearchKind(
        "committees",
        _("Committees"),
        lambda user: Committee.objects.visible_to(user),
        (("name", "A"), ("mandate", "B")),
        "mandate",
        lambda committee: committee.is_public,
    ),
    SearchKind(
        "meetings",
        _("Meetings"),
        lambda user: Meeting.objects.visible_to(user).select_related("committee"),
        (("title", "A"), ("committee__name", "B"), ("agenda", "B"), ("place", "C")),
        "agenda",
        lambda meeting: meeting.committee.is_public,
    ),
    SearchKind(
        "recommendations",
        _("Recommendations"),
        lambda user: Recommendation.objects.visible_to(user).with_committee(),
        (("title", "A"), ("text", "B")),
        "text",
        lambda recommendation: recommendation.committee.is_public
        and recommendation.status != Recommendation.Status.DRAFT,
    ),
]


def search_query(words):
    """A prefix-matching tsquery of the words. Only word characters reach the raw query, so nothing
    typed can inject tsquery syntax."""
    return SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config=SEARCH_CONFIG)


def _matches(kind, user, words):
    rows = kind.queryset(user)
    query, vector = search_query(words), kind.vector(rows.model)
    return (
        rows
        .annotate(search_document=vector, search_rank=SearchRank(vector, query))
        .filter(search_document=query)
        .order_by("-search_rank", "pk")
    )


def site_search(text, user):
    """[{"kind", "label", "results": [{"object", "snippet", "is_public"}], "total"}] for each kind with a match."""
    words = first_words(text)
    if not words:
        return []
    groups = []
    for kind in KINDS:
        rows, total = first_with_total(_matches(kind, user, words), RESULTS_PER_KIND)
        if rows:
            results = [
                {"object": row, "title": str(row), "snippet": kind.snippet_of(row), "is_public": kind.is_public(row)}
                for row in rows
            ]
            groups.append({"kind": kind.key, "label": kind.label, "results": results, "total": total})
    return groups
