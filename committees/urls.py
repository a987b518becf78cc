from django.urls import path

from committees import addressee_views, people_views, staff_views, views

app_name = "committees"

urlpatterns = [
    path("", views.CommitteeListView.as_view(), name="list"),
    path("new/", staff_views.CommitteeCreateView.as_view(), name="create"),
    path("recommendations/", views.RecommendationListView.as_view(), name="recommendation-list"),
    path("people/", people_views.PersonListView.as_view(), name="person-list"),
    path("people/new/", people_views.PersonCreateView.as_view(), name="person-create"),
    path("people/<int:pk>/edit/", people_views.PersonEditView.as_view(), name="person-edit"),
    path("organisations/", addressee_views.OrganisationListView.as_view(), name="organisation-list"),
    path("organisations/new/", addressee_views.OrganisationCreateView.as_view(), name="organisation-create"),
    path("organisations/<int:pk>/edit/", addressee_views.OrganisationUpdateView.as_view(), name="organisation-update"),
    path("<str:slug>/", views.CommitteeDetailView.as_view(), name="detail"),
    path("<str:slug>/edit/", staff_views.CommitteeUpdateView.as_view(), name="update"),
    path("<str:slug>/translate/<str:language>/", staff_views.CommitteeTranslateView.as_view(), name="translate"),
    path("<str:slug>/members/add/", staff_views.MembershipAddView.as_view(), name="membership-create"),
    path("<str:slug>/members/<int:pk>/edit/", staff_views.MembershipUpdateView.as_view(), name="membership-update"),
    path("<str:slug>/members/<int:pk>/end/", staff_views.MembershipEndView.as_view(), name="membership-end"),
    path("<str:slug>/people/<int:pk>/edit/", staff_views.PersonUpdateView.as_view(), name="person-update"),
    path("<str:slug>/people/<int:pk>/erase/", staff_views.PersonEraseView.as_view(), name="person-erase"),
    path("<str:slug>/meetings/new/", staff_views.MeetingCreateView.as_view(), name="meeting-create"),
    path("<str:slug>/meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("<str:slug>/meetings/<int:pk>/edit/", staff_views.MeetingUpdateView.as_view(), name="meeting-update"),
    path(
        "<str:slug>/meetings/<int:pk>/translate/<str:language>/",
        staff_views.MeetingTranslateView.as_view(),
        name="meeting-translate",
    ),
    path("<str:slug>/meetings/<int:pk>/record/", staff_views.MeetingRecordView.as_view(), name="meeting-record"),
    path("<str:slug>/meetings/<int:pk>/cancel/", staff_views.MeetingCancelView.as_view(), name="meeting-cancel"),
    path(
        "<str:slug>/recommendations/new/",
        staff_views.RecommendationCreateView.as_view(),
        name="recommendation-create",
    ),
    path(
        "<str:slug>/recommendations/<int:pk>/",
        views.RecommendationDetailView.as_view(),
        name="recommendation-detail",
    ),
    path(
        "<str:slug>/recommendations/<int:pk>/edit/",
        staff_views.RecommendationUpdateView.as_view(),
        name="recommendation-update",
    ),
    path(
        "<str:slug>/recommendations/<int:pk>/translate/<str:language>/",
        staff_views.RecommendationTranslateView.as_view(),
        name="recommendation-translate",
    ),
    path(
        "<str:slug>/recommendations/<int:pk>/status/",
        staff_views.RecommendationMoveView.as_view(),
        name="recommendation-move",
    ),
    path(
        "<str:slug>/recommendations/<int:pk>/addressees/",
        addressee_views.RecommendationAddresseesView.as_view(),
        name="recommendation-addressees",
    ),
    path(
        "<str:slug>/recommendations/<int:pk>/addressees/<int:addressee>/remove/",
        addressee_views.AddresseeRemoveView.as_view(),
        name="addressee-remove",
    ),
    path(
        "<str:slug>/recommendations/<int:pk>/addressees/<int:addressee>/reply/",
        addressee_views.AddresseeReplyCreateView.as_view(),
        name="addressee-reply",
    ),
    path(
        "<str:slug>/recommendations/<int:pk>/addressees/<int:addressee>/replies/<int:reply>/correct/",
        addressee_views.AddresseeReplyCorrectView.as_view(),
        name="addressee-reply-correct",
    ),
    path("<str:slug>/documents/upload/", staff_views.DocumentUploadView.as_view(), name="document-create"),
    path("<str:slug>/documents/<int:pk>/download/", views.document_download, name="document-download"),
]
