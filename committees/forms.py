from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from committees.models import DOCUMENT_EXTENSIONS, Attendance, Committee, Document, Meeting, Membership, Person, Recommendation
from core import reading
from core.edit_forms import VERSION, VersionedModelForm, version_field
from core.translated import OriginalLanguageField
from core.number_input import TypedNumbersModelForm, format_number


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


# Addresses under /committees/ that are pages, not committees.
RESERVED_SLUGS = {"new", "recommendations", "organisations"}


class CommitteeForm(OriginalLanguageField, VersionedModelForm):
    class Meta:
        model = Committee
        fields = ["original_language", "name", "slug", "mandate", "appointed_by", "established_on", "is_public",
                  "enquiry_email", "enquiry_phone"]
        widgets = {"established_on": DateInput(), "mandate": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "slug": _("The committee's address on the portal. Leave empty to make one from the name."),
            "is_public": _("Public committees, their members and meetings are shown to residents."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("slug") and cleaned_data.get("name"):
            cleaned_data["slug"] = slugify(cleaned_data["name"], allow_unicode=True)
            if not cleaned_data["slug"]:
                self.add_error("slug", _("The name has no letters or digits to make an address from; enter one."))
        if cleaned_data.get("slug") in RESERVED_SLUGS:
            self.add_error("slug", _("This address is taken by a page of the portal; choose another."))
        return cleaned_data


MEMBERSHIP_FIELDS = [
    "role",
    "organisation",
    "is_volunteer",
    "term_start",
    "term_end",
    "appointment_reference",
    "appointed_on",
]
MEMBERSHIP_WIDGETS = {"term_start": DateInput(), "term_end": DateInput(), "appointed_on": DateInput()}


class MembershipForm(VersionedModelForm):
    class Meta:
        model = Membership
        fields = MEMBERSHIP_FIELDS
        widgets = MEMBERSHIP_WIDGETS


class MembershipAddForm(MembershipForm):
    """A membership of someone already in the portal, or of a new person with private contact details."""

    person = forms.ModelChoiceField(
        label=_("person"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Choose someone already in the portal, or fill in a new person below."),
    )
    new_person_name = forms.CharField(label=_("new person's full name"), max_length=200, required=False)
    email = forms.EmailField(label=_("email (private)"), required=False, help_text=_("Never shown on public pages."))
    phone = forms.CharField(label=_("phone (private)"), max_length=40, required=False)

    field_order = ["person", "new_person_name", "email", "phone", *MEMBERSHIP_FIELDS]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Names only, from the people the user may be offered (PersonQuerySet.offered_to).
        self.fields["person"].queryset = Person.objects.offered_to(user)

    def clean(self):
        cleaned_data = super().clean()
        person, new_name = cleaned_data.get("person"), cleaned_data.get("new_person_name", "").strip()
        if person and new_name:
            self.add_error("new_person_name", _("Choose an existing person or name a new one, not both."))
        elif not person and not new_name:
            self.add_error("person", _("Choose a person or fill in a new person's full name."))
        elif person and (cleaned_data.get("email") or cleaned_data.get("phone")):
            # An existing person's details are neither shown nor changed from here.
            self.add_error("email", _("Contact details can be entered only with a new person."))
        return cleaned_data

    def service_arguments(self):
        data = dict(self.cleaned_data)
        del data[VERSION]  # a new membership: there is no version to check
        data["new_person_name"] = data["new_person_name"].strip()
        return data


class PersonContactForm(VersionedModelForm):
    """A member's name and private contact details: they belong to the person, not to one membership."""

    class Meta:
        model = Person
        fields = ["full_name", "email", "phone"]
        # Someone else's details: the secretary's browser should not offer to fill in their own.
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        help_texts = {
            "full_name": _("The person's own details, shared by all their memberships: "
                           "a change shows on every committee they sit on."),
            "email": _("Never shown on public pages."),
            "phone": _("Never shown on public pages."),
        }


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        full_name = user.get_full_name()
        return f"{user.get_username()} ({full_name})" if full_name else user.get_username()


class PersonAccountForm(PersonContactForm):
    """The administrators' form: the contact details, and the sign-in account linked to the person
    (committees.rules.can_link_account). Offers the accounts linked to nobody else."""

    class Meta(PersonContactForm.Meta):
        fields = [*PersonContactForm.Meta.fields, "user"]
        field_classes = {"user": AccountChoiceField}
        help_texts = {
            **PersonContactForm.Meta.help_texts,
            "user": _("The account signs in with the person's committees: it reads and keeps what their terms allow. "
                      "Leave empty for someone without an account."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = Person.objects.exclude(pk=self.instance.pk).filter(user__isnull=False).values("user_id")
        self.fields["user"].queryset = get_user_model().objects.exclude(pk__in=others).order_by("username")


class MembershipEndForm(VersionedModelForm):
    class Meta:
        model = Membership
        fields = ["term_end"]
        widgets = {"term_end": DateInput()}
        labels = {"term_end": _("last day of the term")}
        help_texts = {"term_end": _("From the day after, the member is listed among past members.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term_end"].required = True
        today = timezone.localdate()
        if self.instance.term_end is None or self.instance.term_end > today:
            self.initial["term_end"] = today


class MeetingForm(OriginalLanguageField, VersionedModelForm):
    class Meta:
        model = Meeting
        fields = ["original_language", "title", "starts_at", "place", "agenda"]
        widgets = {"starts_at": DateTimeInput(), "agenda": forms.Textarea(attrs={"rows": 6})}


class MeetingRecordForm(VersionedModelForm):
    """Status, minutes and, for each member, whether they attended."""

    class Meta:
        model = Meeting
        fields = ["status", "minutes", "minutes_published"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        recorded = dict(self.instance.attendances.values_list("person_id", "presence")) if self.instance.pk else {}
        self.people = list(people)
        choices = [("", _("not recorded")), *Attendance.Presence.choices]
        for person in self.people:
            self.fields[self.presence_field(person)] = forms.ChoiceField(
                label=str(person), choices=choices, required=False, initial=recorded.get(person.pk, "")
            )

    @staticmethod
    def presence_field(person):
        return f"presence_{person.pk}"

    def presence_fields(self):
        return [self[self.presence_field(person)] for person in self.people]

    def attendance(self):
        return {person: self.cleaned_data[self.presence_field(person)] for person in self.people}


class RecommendationForm(OriginalLanguageField, VersionedModelForm):
    class Meta:
        model = Recommendation
        fields = ["original_language", "title", "text", "addressed_to", "meeting", "response_due_on"]
        widgets = {"response_due_on": DateInput(), "text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = committee.meetings.select_related("committee")


class RecommendationMoveForm(forms.Form):
    version = version_field()  # of the recommendation as the form was opened (core.edits)
    status = forms.ChoiceField(label=_("new status"))
    on = forms.DateField(label=_("on"), widget=DateInput(), initial=timezone.localdate)
    response_due_on = forms.DateField(
        label=_("reply due by"), widget=DateInput(), required=False, help_text=_("When sending: the reply deadline.")
    )

    def __init__(self, *args, recommendation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[VERSION].initial = recommendation.version
        self.fields["status"].choices = [
            (status.value, status.label) for status in recommendation.next_statuses()
        ]

    def add_service_error(self, error):
        """Put the service's errors next to our fields; a date of a step belongs to "on"."""
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else "on", messages)


class DocumentForm(OriginalLanguageField, TypedNumbersModelForm):
    class Meta:
        model = Document
        fields = ["original_language", "title", "description", "kind", "meeting", "file", "is_public"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"is_public": _("Internal documents are seen only by members and staff.")}

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = committee.meetings.select_related("committee")
        self.fields["file"].help_text = _("%(types)s; at most %(size)s MB.") % {
            "types": reading.listed(DOCUMENT_EXTENSIONS),
            "size": format_number(settings.MAX_UPLOAD_MB, grouping=True),
        }
        self.fields["file"].widget.attrs["accept"] = ",".join(f".{extension}" for extension in DOCUMENT_EXTENSIONS)
