"""The whole permission matrix of the surveys app: every URL × role → status, GET and POST."""
import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from committees.tests.factories import CommitteeFactory
from core.roles import MANAGERS, MAYORS, SECRETARIES
from surveys.models import Survey
from surveys.tests.factories import QuestionFactory, SectionFactory, SurveyFactory

ROLES = ["anonymous", "resident", "manager", "other_manager", "mayor", "secretary", "admin"]
PUBLIC = "200 200 200 200 200 200 200"
NOT_FOR_THE_PUBLIC = "404 404 404 404 404 404 404"
STAFF_READS = "302 403 200 200 200 200 200"
STAFF_RESULTS = "404 404 200 200 200 200 200"
EDITORS = "302 403 200 403 403 403 200"
EDITORS_REDIRECT = "302 403 302 403 403 403 302"

# method, url name, which survey, extra kwargs ("section"/"question" filled in), expected per role
MATRIX = [
    ("GET", "surveys:list", None, {}, PUBLIC),
    ("GET", "surveys:detail", "open", {}, PUBLIC),
    ("GET", "surveys:detail", "draft", {}, NOT_FOR_THE_PUBLIC),
    ("GET", "surveys:answer", "open", {"page": 1}, PUBLIC),
    ("POST", "surveys:answer", "open", {"page": 1}, PUBLIC),  # an empty page re-shown with errors
    ("GET", "surveys:answer", "draft", {"page": 1}, NOT_FOR_THE_PUBLIC),
    ("POST", "surveys:answer", "draft", {"page": 1}, NOT_FOR_THE_PUBLIC),
    ("GET", "surveys:invitation", "invitation", {}, PUBLIC),
    ("POST", "surveys:invitation", "invitation", {}, PUBLIC),
    ("GET", "surveys:invitation", "open", {}, NOT_FOR_THE_PUBLIC),
    ("GET", "surveys:thanks", "open", {}, PUBLIC),
    ("GET", "surveys:thanks", "draft", {}, NOT_FOR_THE_PUBLIC),
    ("GET", "surveys:results", "open", {}, STAFF_RESULTS),
    ("GET", "surveys:results", "draft", {}, STAFF_RESULTS),
    ("GET", "surveys:results", "public_results", {}, PUBLIC),
    ("GET", "surveys:manage", None, {}, STAFF_READS),
    ("GET", "surveys:builder", "open", {}, STAFF_READS),
    ("GET", "surveys:preview", "draft", {"page": 1}, STAFF_READS),
    ("POST", "surveys:preview", "draft", {"page": 1}, STAFF_READS),
    ("GET", "surveys:export", "open", {}, STAFF_READS),
    ("GET", "surveys:summary-export", "open", {}, STAFF_READS),
    ("POST", "surveys:list", None, {}, "405 405 405 405 405 405 405"),  # read-only pages take no POST
    ("POST", "surveys:results", "public_results", {}, "405 405 405 405 405 405 405"),
    ("POST", "surveys:builder", "open", {}, "302 403 405 405 405 405 405"),
    ("POST", "surveys:export", "open", {}, "302 403 405 405 405 405 405"),
    ("GET", "surveys:create", None, {}, "302 403 200 200 403 403 200"),
    ("POST", "surveys:create", None, {}, "302 403 200 200 403 403 200"),
    ("GET", "surveys:update", "open", {}, EDITORS),
    ("POST", "surveys:update", "open", {}, EDITORS),
    ("POST", "surveys:copy", "open", {}, EDITORS_REDIRECT),
    ("GET", "surveys:translate", "open", {"language": "translation"}, EDITORS),
    ("POST", "surveys:translate", "open", {"language": "translation"}, EDITORS),  # refused as stale: no version
    ("GET", "surveys:section-create", "open", {}, EDITORS),
    ("POST", "surveys:section-create", "open", {}, EDITORS),
    ("GET", "surveys:section-update", "open", {"pk": "section"}, EDITORS),
    ("POST", "surveys:section-update", "open", {"pk": "section"}, EDITORS),
    ("GET", "surveys:section-delete", "open", {"pk": "section"}, EDITORS),
    ("POST", "surveys:section-delete", "open", {"pk": "section"}, EDITORS_REDIRECT),
    ("GET", "surveys:question-create", "open", {}, EDITORS),
    ("POST", "surveys:question-create", "open", {}, EDITORS),
    ("GET", "surveys:question-update", "open", {"pk": "question"}, EDITORS),
    ("POST", "surveys:question-update", "open", {"pk": "question"}, EDITORS),
    ("GET", "surveys:question-delete", "open", {"pk": "question"}, EDITORS),
    ("POST", "surveys:question-delete", "open", {"pk": "question"}, EDITORS_REDIRECT),
    ("POST", "surveys:question-move", "open", {"pk": "question"}, EDITORS_REDIRECT),
    ("GET", "surveys:invitations", "invitation", {}, EDITORS),
    ("POST", "surveys:invitations", "invitation", {}, EDITORS),
]


@pytest.fixture
def world(db):
    committee = CommitteeFactory(slug="city-marketing-committee")
    surveys = {
        "open": SurveyFactory(committee=committee, slug="open"),
        "draft": SurveyFactory(committee=committee, slug="draft", is_published=False),
        "invitation": SurveyFactory(committee=committee, slug="invitation", access=Survey.Access.INVITATION),
        "public_results": SurveyFactory(committee=committee, slug="public-results", results_public=True),
    }
    objects = {}
    for key, survey in surveys.items():
        section = SectionFactory(survey=survey, order=1)
        question = QuestionFactory(section=section, options=["Yes please", "No thanks"], required=True)
        objects[key] = {"section": section.pk, "question": question.pk, "translation": "sl"}
    return {"committee": committee, "other": CommitteeFactory(), "surveys": surveys, "objects": objects}


@pytest.fixture
def clients(world, make_user):
    """A signed-in client per role (and one anonymous)."""
    users = {
        "resident": make_user("resident"),
        "manager": make_user("manager", role=MANAGERS, committees=[world["committee"]]),
        "other_manager": make_user("other", role=MANAGERS, committees=[world["other"]]),
        "mayor": make_user("mayor", role=MAYORS),
        "secretary": make_user("secretary", role=SECRETARIES, committees=[world["committee"]]),
        "admin": make_user("admin", superuser=True),
    }
    clients = {"anonymous": Client()}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    return clients


def test_permission_matrix(world, clients):
    """Every URL × role; each request on a fresh database state (a permitted delete is rolled back)."""
    wrong = []
    for method, name, survey_key, kwargs, expected in MATRIX:
        url_kwargs = {key: world["objects"][survey_key][value] if isinstance(value, str) else value for key, value in kwargs.items()}
        if survey_key:
            url_kwargs["slug"] = world["surveys"][survey_key].slug
        url = reverse(name, kwargs=url_kwargs)
        for role, status in zip(ROLES, map(int, expected.split())):
            with transaction.atomic():
                response = clients[role].post(url, {}) if method == "POST" else clients[role].get(url)
                transaction.set_rollback(True)
            if response.status_code != status:
                wrong.append(f"{method} {url} as {role}: {response.status_code}, expected {status}")
            elif status == 302 and role == "anonymous" and not response.url.startswith(reverse(settings.LOGIN_URL)):
                wrong.append(f"{method} {url} as anonymous: redirected to {response.url}, not to sign in")
    assert wrong == []
