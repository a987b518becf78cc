from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from committees import services
from committees.models import (
    Attendance,
    Committee,
    Document,
    Meeting,
    Membership,
    Organisation,
    Person,
    Recommendation,
)
from core.edit_admin import VersionedSaveAdmin
from core.free_text import FirstWordsAdminSearch


class SuperusersOnly:
    """The committees' admin pages hold people's private contact details, which only the staff
    pages' rules (PersonQuerySet) may open: here, only superusers get in, whatever the role
    groups' model permissions or a user's staff flag say."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, *args):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


@admin.register(Organisation)
class OrganisationAdmin(SuperusersOnly, VersionedSaveAdmin, FirstWordsAdminSearch, admin.ModelAdmin):
    list_display = ["name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.action(description=_("Erase the personal data of the selected people"))
def erase_personal_data(modeladmin, request, queryset):
    """The staff pages' erasure (services.person_erase) for people they do not reach, such as
    someone on no committee; after a confirmation page, as there."""
    people = queryset.not_erased()
    if request.POST.get("confirmed") != "yes":
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": _("Erase the personal data of the selected people"),
            "opts": modeladmin.model._meta,
            "people": people,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/committees/person/erase_confirmation.html", context)
    for person in people:
        services.person_erase(person=person, by=request.user)
    modeladmin.message_user(request, _("The personal data were erased."), messages.SUCCESS)
    return None


@admin.register(Person)
class PersonAdmin(SuperusersOnly, VersionedSaveAdmin, FirstWordsAdminSearch, admin.ModelAdmin):
    list_display = ["full_name", "email", "user", "erased_on"]
    search_fields = ["full_name", "email"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_by", "erased_on"]
    actions = [erase_personal_data]


class MembershipInline(SuperusersOnly, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person", "organisation"]


@admin.register(Committee)
class CommitteeAdmin(SuperusersOnly, VersionedSaveAdmin, FirstWordsAdminSearch, admin.ModelAdmin):
    list_display = ["name", "appointed_by", "established_on", "is_public"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
    search_fields = ["name"]


class AttendanceInline(SuperusersOnly, admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Meeting)
class MeetingAdmin(SuperusersOnly, VersionedSaveAdmin, admin.ModelAdmin):
    list_display = ["__str__", "committee", "starts_at", "status"]
    list_filter = ["status", "committee"]
    list_select_related = ["committee"]
    inlines = [AttendanceInline]


@admin.register(Recommendation)
class RecommendationAdmin(SuperusersOnly, VersionedSaveAdmin, FirstWordsAdminSearch, admin.ModelAdmin):
    list_display = ["title", "committee", "addressed_to", "status", "response_due_on"]
    list_filter = ["status", "addressed_to", "committee"]
    list_select_related = ["committee"]
    search_fields = ["title", "text"]


@admin.register(Document)
class DocumentAdmin(SuperusersOnly, admin.ModelAdmin):
    list_display = ["title", "committee", "kind", "is_public", "uploaded_at"]
    list_filter = ["is_public", "kind"]
    list_select_related = ["committee"]


@admin.register(Membership)
class MembershipAdmin(SuperusersOnly, VersionedSaveAdmin, FirstWordsAdminSearch, admin.ModelAdmin):
    list_display = ["person", "committee", "role", "organisation", "term_start", "term_end"]
    list_filter = ["committee", "role"]
    list_select_related = ["person", "committee", "organisation"]
    search_fields = ["person__full_name"]
    autocomplete_fields = ["person", "organisation"]
