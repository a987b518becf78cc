"""The committees' pages that everyone may read (non-public ones only for staff and members)."""
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from committees.filters import RecommendationFilter
from committees.models import Committee, Document, Recommendation
from committees.rules import can_create_committee, can_edit_committee, can_record_reply
from committees.view_helpers import CommitteeMixin
from core.files import file_response
from core.page_cache import public_page


@method_decorator(public_page, name="dispatch")
class CommitteeListView(ListView):
    template_name = "committees/committee_list.html"
    context_object_name = "committees"

    def get_queryset(self):
        return Committee.objects.visible_to(self.request.user).with_current_member_count()

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_create=can_create_committee(self.request.user), **kwargs)


@method_decorator(public_page, name="dispatch")
class CommitteeDetailView(CommitteeMixin, TemplateView):
    template_name = "committees/committee_detail.html"

    def get_context_data(self, **kwargs):
        committee, user, today = self.committee, self.request.user, timezone.localdate()
        memberships = committee.memberships.in_role_order()
        if can_edit_committee(user, committee):
            memberships = memberships.with_person_rights(user)
        meetings = committee.meetings.select_related("committee")
        context = super().get_context_data(
            current_members=memberships.current(today),
            past_members=memberships.past(today),
            upcoming_members=memberships.upcoming(today).order_by("term_start", "role_order", "person__full_name"),
            upcoming_meetings=meetings.future(),
            past_meetings=meetings.past(),
            recommendations=committee.recommendations.visible_to(user).with_committee(),
            documents=committee.documents.visible_to(user).select_related("committee", "meeting"),
            **kwargs,
        )
        if context["can_edit"]:
            context["alerts"] = committee.staff_alerts(today)
        return context


@method_decorator(public_page, name="dispatch")
class MeetingDetailView(CommitteeMixin, DetailView):
    template_name = "committees/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return self.committee.meetings.select_related("committee")

    def get_context_data(self, **kwargs):
        meeting, user = self.object, self.request.user
        return super().get_context_data(
            attendances=meeting.attendances.select_related("person"),
            documents=meeting.documents.visible_to(user).select_related("committee", "meeting"),
            recommendations=meeting.recommendations.visible_to(user).with_committee(),
            **kwargs,
        )


@method_decorator(public_page, name="dispatch")
class RecommendationDetailView(CommitteeMixin, DetailView):
    template_name = "committees/recommendation_detail.html"
    context_object_name = "recommendation"

    def get_queryset(self):
        return self.committee.recommendations.visible_to(self.request.user).with_committee()

    def get_context_data(self, **kwargs):
        user = self.request.user
        addressees = self.object.addressees.select_related("organisation", "recommendation__committee")
        addressees = addressees.prefetch_related("replies")
        for addressee in addressees:
            addressee.can_reply = can_record_reply(user, addressee)
        return super().get_context_data(addressees=addressees, **kwargs)


@method_decorator(public_page(params=("committee", "addressed_to", "status", "page")), name="dispatch")
class RecommendationListView(FilterView):
    """Every recommendation residents may read, with its status; filtered by committee, addressee, status."""

    template_name = "committees/recommendation_list.html"
    filterset_class = RecommendationFilter
    context_object_name = "recommendations"
    paginate_by = 25

    def get_queryset(self):
        return Recommendation.objects.visible_to(self.request.user).with_committee()

    def paginate_queryset(self, queryset, page_size):
        """A page number that is not a number or out of range shows the first or last page, never a 404."""
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(filter_query=query.urlencode(), **kwargs)


@require_safe
def document_download(request, slug, pk):
    """Documents are always downloaded, never shown inline, so an uploaded file cannot run in our origin."""
    documents = Document.objects.visible_to(request.user).select_related("committee")
    document = get_object_or_404(documents, committee__slug=slug, pk=pk)
    public = document.is_public and document.committee.is_public
    return file_response(document.file, public=public, download_name=document.download_name)
