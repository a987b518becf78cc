import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from committees.models import Committee
from initiatives.models import OVER_BUDGET, Initiative, Theme, late_on
from core.free_text import every_word_in_some_field, first_words

SEARCHED_FIELDS = ("title", "summary", "description", "area")


class InitiativeFilter(django_filters.FilterSet):
    """The public list's filters; the CSV export uses the same ones, so it holds what the list shows."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), queryset=Theme.objects.all(), to_field_name="slug", empty_label=_("All themes")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Initiative.Status.choices, empty_label=_("All statuses"))
    area = django_filters.ChoiceFilter(label=_("Area"), empty_label=_("All areas"))
    # The exceptions of the mayor's summary (portal.summary), which its "and N more" links open.
    attention = django_filters.ChoiceFilter(
        label=_("Needs attention"),
        choices=[("late", pgettext_lazy("initiatives", "late")), ("over_budget", _("over budget"))],
        empty_label=_("All initiatives"),
        method="needing_attention",
    )
    committee = django_filters.ModelChoiceFilter(
        label=_("Committee"), field_name="lead_committee", queryset=Committee.objects.all(), to_field_name="slug",
        empty_label=_("All committees"),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=_("Title"),
        choices=[
            ("-updated_at", _("Recently updated")),
            ("start_on", _("Start date")),
            ("end_on", _("End date")),
            ("-progress", _("Progress")),
        ],
        fields={"updated_at": "updated_at", "start_on": "start_on", "end_on": "end_on", "progress": "progress"},
    )

    class Meta:
        model = Initiative
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        areas = queryset.exclude(area="").order_by("area").values_list("area", flat=True).distinct()
        self.filters["area"].extra["choices"] = [(area, area) for area in areas]
        self.filters["committee"].queryset = Committee.objects.visible_to(request.user if request else None)

    @property
    def is_active(self):
        """Whether the reader has set a filter or a sort order (the list's filters then stay unfolded)."""
        return any(self.data.get(name) for name in self.filters)

    def needing_attention(self, queryset, name, value):
        """Under way and late, or under way and over budget (the list's queryset has with_figures())."""
        wanted = late_on(timezone.localdate()) if value == "late" else OVER_BUDGET
        return queryset.under_way().filter(wanted)

    def search(self, queryset, name, value):
        """Every one of the first few words somewhere in the searched fields (words past them are ignored)."""
        return queryset.filter(every_word_in_some_field(first_words(value), SEARCHED_FIELDS))
