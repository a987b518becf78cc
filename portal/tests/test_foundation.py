import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from committees.models import Committee, Membership, Person
from committees.tests.factories import CommitteeFactory, MeetingFactory, MembershipFactory
from core.roles import MANAGERS, MAYORS, SECRETARIES

BASE_DIR = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_migrate_makes_the_three_role_groups_with_their_permissions():
    # Every `make setup` runs migrate: its post_migrate hook (portal.apps) makes the groups again even
    # where they were lost, e.g. in a test database another test flushed.
    Group.objects.all().delete()
    call_command("migrate", verbosity=0)
    groups = {group.name: group for group in Group.objects.prefetch_related("permissions")}
    assert set(groups) >= {MANAGERS, SECRETARIES, MAYORS}
    secretary_codes = {p.codename for p in groups[SECRETARIES].permissions.all()}
    assert {"add_meeting", "change_membership", "delete_document"} <= secretary_codes
    mayor_codes = {p.codename for p in groups[MAYORS].permissions.all()}
    assert mayor_codes and all(code.startswith("view_") for code in mayor_codes)


def test_home_page_shows_public_committees_and_upcoming_meetings(client, django_assert_max_num_queries):
    committees = CommitteeFactory.create_batch(3)
    hidden = CommitteeFactory(is_public=False, name="Secret planning group")
    for committee in committees:
        MembershipFactory.create_batch(3, committee=committee)
        MeetingFactory(committee=committee, title=f"Session of {committee.name}")
    MeetingFactory(committee=hidden, title="Closed session")
    with django_assert_max_num_queries(7):  # 6 + the content version of the page cache
        response = client.get(reverse("portal:home"))
    content = response.content.decode()
    assert committees[0].name in content
    assert f"Session of {committees[1].name}" in content
    assert hidden.name not in content
    assert "Closed session" not in content


def test_base_page_has_landmarks_skip_link_and_language_switcher(client):
    content = client.get(reverse("portal:home")).content.decode()
    assert 'href="#main"' in content
    assert '<main id="main"' in content
    assert "<header" in content and "<footer" in content and "<nav" in content
    assert 'name="language"' in content
    assert '<html lang="en" dir="ltr">' in content


def test_persian_pages_are_right_to_left_with_the_rtl_stylesheet(client):
    client.post(reverse("set_language"), {"language": "fa", "next": "/"})
    content = client.get(reverse("portal:home")).content.decode()
    assert 'lang="fa" dir="rtl"' in content
    assert "bootstrap.rtl.min.css" in content


def test_pages_send_a_strict_content_security_policy_with_a_fresh_nonce(client):
    first = client.get(reverse("portal:home"))["Content-Security-Policy"]
    second = client.get(reverse("portal:home"))["Content-Security-Policy"]
    for policy in (first, second):
        assert "object-src 'none'" in policy
        assert "base-uri 'none'" in policy
        assert "frame-ancestors 'none'" in policy
        script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
        assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
        assert "'nonce-" in script_src
    assert first != second


def test_sign_in_page_signs_a_user_in_and_lands_on_my_work(client, make_user):
    committee = CommitteeFactory(name="City Marketing Committee")
    make_user("maja", role=MANAGERS, committees=[committee])
    response = client.post(reverse("login"), {"username": "maja", "password": "a-long-test-password"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:my-work")
    assert "City Marketing Committee" in response.content.decode()


def test_my_work_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("portal:my-work"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_repeated_wrong_passwords_lock_the_username_with_a_clear_page(client, make_user, settings):
    make_user("maja", role=MANAGERS)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "maja", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "maja", "password": "a-long-test-password"})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_sign_out_requires_post_and_ends_the_session(client, make_user):
    user = make_user("maja", role=MANAGERS)
    client.force_login(user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("portal:my-work")).status_code == 302


def test_password_change_page_uses_the_portal_look(client, make_user):
    client.force_login(make_user("maja", role=MANAGERS))
    response = client.get(reverse("password_change"))
    assert response.status_code == 200
    assert "Change password" in response.content.decode()
    assert 'id="main"' in response.content.decode()


def test_unknown_page_is_a_404_in_the_portal_look(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_demo_data_is_idempotent_and_links_demo_accounts(settings):
    settings.DEBUG = True
    call_command("demo_data", verbosity=0)
    counts = (Committee.objects.count(), Membership.objects.count(), Person.objects.count())
    call_command("demo_data", verbosity=0)
    assert (Committee.objects.count(), Membership.objects.count(), Person.objects.count()) == counts
    assert Person.objects.get(user__username="secretary").memberships.filter(role="secretary").exists()


def test_demo_data_refuses_to_run_without_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_data", verbosity=0)


def test_deploy_check_passes_with_production_settings_from_the_environment():
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="False",
        DJANGO_SECRET_KEY="a-production-secret-key-that-is-long-and-random-0123456789-abcdefghij",
        DJANGO_ALLOWED_HOSTS="centre.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
