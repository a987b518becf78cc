from django.contrib import admin

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
from portal.free_text import FirstWordsAdminSearch


@admin.register(Organisation)
class OrganisationAdmin(FirstWordsAdminSearch, admin.ModelAdmin):
    list_display = ["name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(FirstWordsAdminSearch, admin.ModelAdmin):
    list_display = ["full_name", "email", "user"]
    search_fields = ["full_name", "email"]
    raw_id_fields = ["user"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person", "organisation"]


@admin.register(Committee)
class CommitteeAdmin(FirstWordsAdminSearch, admin.ModelAdmin):
    list_display = ["name", "appointed_by", "established_on", "is_public"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
    search_fields = ["name"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "committee", "starts_at", "status"]
    list_filter = ["status", "committee"]
    list_select_related = ["committee"]
    inlines = [AttendanceInline]


@admin.register(Recommendation)
class RecommendationAdmin(FirstWordsAdminSearch, admin.ModelAdmin):
    list_display = ["title", "committee", "addressed_to", "status", "response_due_on"]
    list_filter = ["status", "addressed_to", "committee"]
    list_select_related = ["committee"]
    search_fields = ["title", "text"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "committee", "kind", "is_public", "uploaded_at"]
    list_filter = ["is_public", "kind"]
    list_select_related = ["committee"]


@admin.register(Membership)
class MembershipAdmin(FirstWordsAdminSearch, admin.ModelAdmin):
    list_display = ["person", "committee", "role", "organisation", "term_start", "term_end"]
    list_filter = ["committee", "role"]
    list_select_related = ["person", "committee", "organisation"]
    search_fields = ["person__full_name"]
    autocomplete_fields = ["person", "organisation"]
