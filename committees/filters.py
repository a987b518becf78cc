import django_filters
from django.utils.translation import gettext_lazy as _

from committees.models import Committee, Recommendation


def _committees(request):
    return Committee.objects.visible_to(request.user) if request else Committee.objects.public()


class RecommendationFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(
        label=_("committee"), queryset=_committees, to_field_name="slug", empty_label=_("all committees")
    )
    addressed_to = django_filters.ChoiceFilter(
        label=_("addressed to"), choices=Recommendation.Addressee.choices, empty_label=_("anyone")
    )
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=Recommendation.Status.choices, empty_label=_("any status")
    )

    class Meta:
        model = Recommendation
        fields = ["committee", "addressed_to", "status"]
