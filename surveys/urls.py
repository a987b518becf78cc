from django.urls import path

from surveys.views import public, results, staff

app_name = "surveys"

urlpatterns = [
    path("", public.survey_list, name="list"),
    # Staff pages first: "manage" is a reserved survey slug.
    path("manage/", staff.survey_manage_list, name="manage"),
    path("manage/new/", staff.survey_create, name="create"),
    path("manage/<str:slug>/", staff.survey_builder, name="builder"),
    path("manage/<str:slug>/edit/", staff.survey_update, name="update"),
    path("manage/<str:slug>/publish/", staff.survey_publish, name="publish"),
    path("manage/<str:slug>/copy/", staff.survey_copy, name="copy"),
    path("manage/<str:slug>/translate/<str:language>/", staff.survey_translate, name="translate"),
    path("manage/<str:slug>/preview/<int:page>/", staff.survey_preview, name="preview"),
    path("manage/<str:slug>/pages/new/", staff.section_edit, name="section-create"),
    path("manage/<str:slug>/pages/<int:pk>/edit/", staff.section_edit, name="section-update"),
    path("manage/<str:slug>/pages/<int:pk>/delete/", staff.section_delete, name="section-delete"),
    path("manage/<str:slug>/questions/new/", staff.question_edit, name="question-create"),
    path("manage/<str:slug>/questions/<int:pk>/edit/", staff.question_edit, name="question-update"),
    path("manage/<str:slug>/questions/<int:pk>/delete/", staff.question_delete, name="question-delete"),
    path("manage/<str:slug>/questions/<int:pk>/move/", staff.question_move, name="question-move"),
    path("manage/<str:slug>/invitations/", staff.survey_invitations, name="invitations"),
    path("manage/<str:slug>/crosstab/", results.survey_crosstab, name="crosstab"),
    path("manage/<str:slug>/export.csv", results.survey_export, name="export"),
    path("manage/<str:slug>/summary.csv", results.survey_summary_export, name="summary-export"),
    path("manage/<str:slug>/export.xlsx", results.survey_export, {"file_format": "xlsx"}, name="export-xlsx"),
    path(
        "manage/<str:slug>/summary.xlsx", results.survey_summary_export, {"file_format": "xlsx"},
        name="summary-export-xlsx",
    ),
    path("<str:slug>/", public.survey_detail, name="detail"),
    path("<str:slug>/code/", public.survey_invitation, name="invitation"),
    path("<str:slug>/answer/<int:page>/", public.survey_answer, name="answer"),
    path("<str:slug>/thanks/", public.survey_thanks, name="thanks"),
    path("<str:slug>/results/", results.survey_results_page, name="results"),
]
