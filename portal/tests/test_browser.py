import pytest
from django.urls import reverse

from committees.tests.factories import CommitteeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_has_no_axe_violations_and_a_working_skip_link(page, axe):
    CommitteeFactory(name="City Marketing Committee")
    page.goto(reverse("portal:home"))
    assert axe(page) == []
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
