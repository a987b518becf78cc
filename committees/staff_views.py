"""The secretary's pages: keep the committee, its members, meetings, recommendations and documents."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.urls import reverse
from django.views.generic import CreateView, DetailView, FormView, UpdateView, View

from committees import services
from committees.forms import (
    CommitteeForm,
    DocumentForm,
    MeetingForm,
    MeetingRecordForm,
    MembershipAddForm,
    MembershipEndForm,
    MembershipForm,
    RecommendationForm,
    RecommendationMoveForm,
)
from committees.models import Committee, Person
from committees.rules import can_create_committee
from committees.view_helpers import CommitteeEditMixin, EditConflictMixin, PersonFormMixin
from core.edit_forms import VERSION, EditVersionForm, conflict_details, field_now, is_stale
from core.edits import EditConflict
from core.translation_page import TranslatedPart, translation_links, translation_page


class CommitteeCreateView(LoginRequiredMixin, FormView):
    form_class = CommitteeForm
    template_name = "committees/committee_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_create_committee(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        committee = services.committee_create(by=self.request.user, **form.changes())
        messages.success(self.request, _("The committee %(name)s was created.") % {"name": committee.name})
        return HttpResponseRedirect(committee.get_absolute_url())


class LanguagesMixin:
    """An edit page of a translated row lists the row's languages, each linked to its translation page
    (`translate_url`: the URL name; it takes the committee's slug, the row's id but for the committee
    itself, and the language)."""

    translate_url = ""

    def translate_args(self):
        return [self.committee.slug, self.object.pk]

    def get_context_data(self, **kwargs):
        def url_for(code):
            return reverse(self.translate_url, args=[*self.translate_args(), code])

        return super().get_context_data(content_languages=translation_links(self.translated_items(), url_for), **kwargs)

    def translated_items(self):
        return [self.object]


class CommitteeUpdateView(LanguagesMixin, EditConflictMixin, CommitteeEditMixin, UpdateView):
    form_class = CommitteeForm
    template_name = "committees/committee_form.html"
    success_message = _("The committee's details were saved.")

    translate_url = "committees:translate"

    def get_object(self, queryset=None):
        # A copy: an invalid form changes its instance, and the page's links still need the saved slug.
        return Committee.objects.get(pk=self.committee.pk)

    def translate_args(self):
        return [self.committee.slug]

    def translated_items(self):
        return [self.committee, *self.committee.documents.all()]

    def save(self, form):
        self.committee = services.committee_update(
            committee=self.object, by=self.request.user, expected_version=form.expected_version, **form.changes()
        )
        return self.committee


class MembershipAddView(CommitteeEditMixin, FormView):
    form_class = MembershipAddForm
    template_name = "committees/membership_form.html"
    success_message = _("%(object)s was added.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        membership = services.membership_add(committee=self.committee, by=self.request.user, **form.service_arguments())
        return self.done(membership.person)


class MembershipEditMixin(EditConflictMixin, CommitteeEditMixin):
    def get_queryset(self):
        return self.committee.memberships.with_people()

    def named(self, saved):
        return saved.person


class MembershipUpdateView(MembershipEditMixin, UpdateView):
    form_class = MembershipForm
    template_name = "committees/membership_form.html"
    success_message = _("The membership of %(object)s was saved.")

    def save(self, form):
        return services.membership_update(
            membership=self.object, by=self.request.user, expected_version=form.expected_version, **form.changes()
        )


class MembershipEndView(MembershipEditMixin, UpdateView):
    form_class = MembershipEndForm
    template_name = "committees/membership_end_form.html"
    success_message = _("The term of %(object)s was ended.")

    def save(self, form):
        return services.membership_end(
            membership=self.object, by=self.request.user, expected_version=form.expected_version,
            on=form.cleaned_data["term_end"],
        )


class PersonUpdateView(PersonFormMixin, CommitteeEditMixin, UpdateView):
    """A member's name and private contact details, reached through a committee of theirs: only
    people whose details are open to the user (PersonQuerySet.contact_details_open_to) exist here."""

    success_message = _("The contact details of %(object)s were saved.")

    def get_queryset(self):
        people = Person.objects.contact_details_open_to(self.request.user)
        return people.filter(pk__in=self.committee.memberships.values("person_id"))


class PersonEraseView(CommitteeEditMixin, DetailView):
    """Erase a person's personal data on their request, after a confirmation page. Reached through a
    committee of theirs; only people the user may erase (PersonQuerySet.erasable_by) exist here."""

    template_name = "committees/person_confirm_erase.html"
    context_object_name = "person"

    def get_queryset(self):
        people = Person.objects.erasable_by(self.request.user)
        return people.filter(pk__in=self.committee.memberships.values("person_id"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(memberships=self.object.memberships.with_people(), **kwargs)

    def post(self, request, *args, **kwargs):
        services.person_erase(person=self.get_object(), by=request.user)
        # No name in the message: it would be kept in the session until shown.
        messages.success(request, _("The person's data were erased. The committee's records now say “a former member”."))
        return HttpResponseRedirect(self.get_success_url())


class MeetingQuerysetMixin:
    def get_queryset(self):
        return self.committee.meetings.select_related("committee")

    def get_success_url(self):
        return self.object.get_absolute_url()


class MeetingCreateView(MeetingQuerysetMixin, CommitteeEditMixin, CreateView):
    form_class = MeetingForm
    template_name = "committees/meeting_form.html"
    success_message = _("The meeting %(object)s was scheduled.")

    def form_valid(self, form):
        self.object = services.meeting_schedule(committee=self.committee, by=self.request.user, **form.changes())
        return self.done(self.object)


class MeetingUpdateView(LanguagesMixin, EditConflictMixin, MeetingQuerysetMixin, CommitteeEditMixin, UpdateView):
    form_class = MeetingForm
    translate_url = "committees:meeting-translate"
    template_name = "committees/meeting_form.html"
    success_message = _("The meeting %(object)s was saved.")

    def save(self, form):
        return services.meeting_update(
            meeting=self.object, by=self.request.user, expected_version=form.expected_version, **form.changes()
        )


class MeetingRecordView(EditConflictMixin, MeetingQuerysetMixin, CommitteeEditMixin, UpdateView):
    """Attendance, minutes and the outcome (held or cancelled) of a meeting."""

    form_class = MeetingRecordForm
    template_name = "committees/meeting_record_form.html"
    success_message = _("The record of %(object)s was saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "people": Person.objects.expected_at(self.object)}

    def save(self, form):
        return services.meeting_record(
            meeting=self.object, by=self.request.user, expected_version=form.expected_version,
            attendance=form.attendance(), **form.changes(),
        )


class MeetingCancelView(MeetingQuerysetMixin, CommitteeEditMixin, DetailView):
    template_name = "committees/meeting_confirm_cancel.html"
    success_message = _("The meeting %(object)s was cancelled.")

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        version = EditVersionForm(request.POST, instance=self.object).expected_version
        try:
            meeting = services.meeting_cancel(meeting=self.object, by=request.user, expected_version=version)
        except EditConflict as edit_conflict:
            self.object = edit_conflict.stored
            conflict = conflict_details(self.object, [field_now(self.object, "status")])
            return self.render_to_response(self.get_context_data(object=self.object, conflict=conflict))
        return self.done(meeting)


class RecommendationQuerysetMixin:
    def get_queryset(self):
        return self.committee.recommendations.with_committee()

    def get_success_url(self):
        return self.object.get_absolute_url()


class RecommendationCreateView(RecommendationQuerysetMixin, CommitteeEditMixin, CreateView):
    form_class = RecommendationForm
    template_name = "committees/recommendation_form.html"
    takes_committee = True
    success_message = _("The draft recommendation %(object)s was saved.")

    def form_valid(self, form):
        self.object = services.recommendation_create(committee=self.committee, by=self.request.user, **form.changes())
        return self.done(self.object)


class RecommendationUpdateView(
    LanguagesMixin, EditConflictMixin, RecommendationQuerysetMixin, CommitteeEditMixin, UpdateView
):
    form_class = RecommendationForm
    translate_url = "committees:recommendation-translate"
    template_name = "committees/recommendation_form.html"
    takes_committee = True
    success_message = _("The recommendation %(object)s was saved.")

    def save(self, form):
        return services.recommendation_update(
            recommendation=self.object, by=self.request.user, expected_version=form.expected_version, **form.changes()
        )


class RecommendationMoveView(RecommendationQuerysetMixin, CommitteeEditMixin, FormView):
    """Move a recommendation on to its next status, with the date of the step."""

    form_class = RecommendationMoveForm
    template_name = "committees/recommendation_move_form.html"
    success_message = _("The recommendation %(object)s is now %(status)s.")

    @cached_property
    def object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "recommendation": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(recommendation=self.object, **kwargs)

    def form_valid(self, form):
        try:
            moved = services.recommendation_move(
                recommendation=self.object, by=self.request.user, expected_version=form.cleaned_data.pop(VERSION),
                **form.cleaned_data,
            )
        except EditConflict as edit_conflict:
            return self.conflict(form, edit_conflict)
        except ValidationError as error:
            form.add_service_error(error)
            self.object.refresh_from_db()
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"object": moved, "status": moved.get_status_display()})
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form):
        if is_stale(form, self.object.version):  # the status offered may be gone: say why first
            return self.conflict(form, EditConflict(stored=self.object, version=form[VERSION].data))
        return super().form_invalid(form)

    def conflict(self, form, edit_conflict):
        """The move form again with what was typed, for the recommendation as it stands now."""
        stored = self.object = edit_conflict.stored
        data = form.data.copy()
        data[VERSION] = stored.version
        form = self.form_class(data, recommendation=stored)
        form.is_valid()
        conflict = conflict_details(stored, [field_now(stored, "status")])
        return self.render_to_response(self.get_context_data(form=form, conflict=conflict))


class DocumentUploadView(CommitteeEditMixin, CreateView):
    form_class = DocumentForm
    template_name = "committees/document_form.html"
    takes_committee = True
    success_message = _("The document %(object)s was uploaded.")

    def form_valid(self, form):
        return self.done(services.document_upload(committee=self.committee, **form.cleaned_data))


# Translation pages (core.translation_page): whoever may edit the committee translates its texts.
class TranslateView(CommitteeEditMixin, View):
    """GET shows, POST saves the translation of `item()` into the language in the URL."""

    parts = ()

    def get(self, request, *args, language, **kwargs):
        item = self.item()
        return translation_page(
            request, item=item, language=language, back_url=self.back_url(item), parts=self.translated_parts(item),
            url_for=lambda code: reverse(request.resolver_match.view_name, kwargs={**self.kwargs, "language": code}),
            save=lambda parts, **call: self.save(item, by=request.user, language=language, parts=parts, **call),
        )

    post = get

    def translated_parts(self, item):
        return []


class CommitteeTranslateView(TranslateView):
    """The committee's name and mandate, and its documents' titles."""

    def item(self):
        return self.committee

    def back_url(self, item):
        return reverse("committees:update", args=[item.slug])

    def translated_parts(self, item):
        return [TranslatedPart("documents", _("Documents"), list(item.documents.all()))]

    def save(self, item, *, parts, **call):
        return services.committee_translate(committee=item, documents=parts["documents"], **call)


class MeetingTranslateView(TranslateView):
    """A meeting's title, agenda and minutes."""

    def item(self):
        return get_object_or_404(self.committee.meetings.select_related("committee"), pk=self.kwargs["pk"])

    def back_url(self, item):
        return reverse("committees:meeting-update", args=[self.committee.slug, item.pk])

    def save(self, item, *, parts, **call):
        return services.meeting_translate(meeting=item, **call)


class RecommendationTranslateView(TranslateView):
    """A recommendation's title and text."""

    def item(self):
        return get_object_or_404(self.committee.recommendations.with_committee(), pk=self.kwargs["pk"])

    def back_url(self, item):
        return reverse("committees:recommendation-update", args=[self.committee.slug, item.pk])

    def save(self, item, *, parts, **call):
        return services.recommendation_translate(recommendation=item, **call)
