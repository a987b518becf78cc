from django.contrib import admin

from core.edit_admin import VersionedSaveAdmin
from core.free_text import FirstWordsAdminSearch
from surveys.models import Choice, Invitation, Question, Response, Section, Survey


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(Survey)
class SurveyAdmin(VersionedSaveAdmin, FirstWordsAdminSearch, admin.ModelAdmin):
    list_display = ["title", "committee", "is_published", "opens_at", "closes_at", "access", "results_public"]
    list_filter = ["is_published", "access", "results_public", "committee"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["informs"]
    inlines = [SectionInline]


@admin.register(Question)
class QuestionAdmin(VersionedSaveAdmin, FirstWordsAdminSearch, admin.ModelAdmin):
    list_display = ["text", "survey", "section", "kind", "required", "order"]
    list_filter = ["kind", "survey"]
    search_fields = ["text"]
    inlines = [ChoiceInline]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["pk", "survey", "submitted_at", "language"]
    list_filter = ["survey"]
    date_hierarchy = "submitted_at"


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["pk", "survey", "created_at", "is_used"]
    list_filter = ["survey"]
    readonly_fields = ["token_hash"]
