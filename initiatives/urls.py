from django.urls import path, register_converter

from initiatives import views


class CsvKindConverter:
    regex = "initiatives|milestones|updates"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(CsvKindConverter, "csvkind")

app_name = "initiatives"

urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("new/", views.initiative_create, name="create"),
    path("export/<csvkind:kind>.csv", views.initiative_export, name="export"),
    path("export/<csvkind:kind>.xlsx", views.initiative_export, {"file_format": "xlsx"}, name="export-xlsx"),
    path("import/<csvkind:kind>/", views.initiative_import, name="import"),
    path("indicators/", views.indicator_list, name="indicator-list"),
    path("indicators/new/", views.indicator_create, name="indicator-create"),
    path("indicators/<slug:slug>/", views.indicator_detail, name="indicator-detail"),
    path("indicators/<slug:slug>/edit/", views.indicator_update, name="indicator-update"),
    path("indicators/<slug:slug>/measurements/<int:pk>/", views.measurement_update, name="measurement-update"),
    path("indicators/<slug:slug>/measurements/<int:pk>/delete/", views.measurement_delete, name="measurement-delete"),
    path("indicators/<slug:slug>/translate/<str:language>/", views.indicator_translate, name="indicator-translate"),
    path("indicators/<slug:slug>/import/", views.measurement_import, name="measurement-import"),
    path("<slug:slug>/", views.initiative_detail, name="detail"),
    path("<slug:slug>/edit/", views.initiative_update, name="update"),
    path("<slug:slug>/translate/<str:language>/", views.initiative_translate, name="translate"),
    path("<slug:slug>/updates/new/", views.progress_update_create, name="update-create"),
    path("<slug:slug>/updates/<int:pk>/photo/", views.progress_update_photo, name="update-photo"),
    path("<slug:slug>/budget/", views.funding_update, name="funding"),
    path("<slug:slug>/targets/", views.targets_update, name="targets"),
    path("<slug:slug>/history/", views.initiative_history, name="history"),
    path("<slug:slug>/place/", views.initiative_place, name="place"),
    path("<slug:slug>/milestones/<int:pk>/done/", views.milestone_done, name="milestone-done"),
]
