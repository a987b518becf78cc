from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from initiatives.models import (
    FundingLine,
    Indicator,
    Initiative,
    Measurement,
    Milestone,
    ProgressUpdate,
    StatusChange,
    Target,
    Theme,
)
from core.edit_admin import VersionedSaveAdmin
from initiatives.services import series_refresh
from core.files import reencoded_photo
from core.free_text import FirstWordsAdminSearch


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class FundingLineInline(admin.TabularInline):
    model = FundingLine
    extra = 0


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Initiative)
class InitiativeAdmin(VersionedSaveAdmin, FirstWordsAdminSearch, SimpleHistoryAdmin):
    list_display = ["title", "theme", "status", "lead_committee", "is_public", "updated_at"]
    list_filter = ["status", "theme", "lead_committee", "is_public"]
    search_fields = ["title", "summary", "area"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["partners"]
    inlines = [MilestoneInline, FundingLineInline, TargetInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["initiative", "date", "author"]
    list_filter = ["initiative"]

    def save_model(self, request, obj, form, change):
        # Only the photo's pixels are kept, as on the portal's own form (initiatives.services).
        if "photo" in form.changed_data and obj.photo:
            obj.photo = reencoded_photo(obj.photo)
        super().save_model(request, obj, form, change)


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["initiative", "from_status", "to_status", "changed_on", "changed_by"]


class RollsUpAgain:
    """A raw fix in the admin rolls the indicator's series up again, as every service write does."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        series_refresh(indicator=getattr(obj, "indicator", obj))

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        if isinstance(obj, Measurement):
            series_refresh(indicator=obj.indicator)

    def delete_queryset(self, request, queryset):
        indicators = {row.indicator for row in queryset.select_related("indicator")} if queryset.model is Measurement else ()
        super().delete_queryset(request, queryset)
        for indicator in indicators:
            series_refresh(indicator=indicator)


@admin.register(Indicator)
class IndicatorAdmin(RollsUpAgain, VersionedSaveAdmin, admin.ModelAdmin):
    list_display = ["name", "standard_unit", "unit", "higher_is_better", "reporting_period", "roll_up"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Measurement)
class MeasurementAdmin(RollsUpAgain, VersionedSaveAdmin, SimpleHistoryAdmin):
    list_display = ["indicator", "measured_on", "value", "source", "is_excluded", "computed_from"]
    list_filter = ["indicator", "is_excluded"]
    date_hierarchy = "measured_on"
