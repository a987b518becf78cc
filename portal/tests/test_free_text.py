"""Free text in a page's address: only the first few words are read, on every page that takes one."""
import pytest
from django.urls import reverse

from initiatives.tests.factories import InitiativeFactory
from core.free_text import MOST_WORDS, first_words, first_words_text

pytestmark = pytest.mark.django_db

# Nineteen times a word the first initiative holds, then one only the second holds: the twentieth
# word is past the bound, so only the first initiative is found.
PAST_THE_BOUND = " ".join(["harbour"] * 19 + ["zebra"])


@pytest.fixture
def harbour_and_zebra(db):
    InitiativeFactory(title="Harbour walk", slug="harbour-walk")
    InitiativeFactory(title="Zebra crossing", slug="zebra-crossing")


def test_only_the_first_words_of_any_text_are_read():
    words = [f"word{n}" for n in range(1, 2001)]
    assert first_words(" ".join(words)) == words[:MOST_WORDS]
    assert first_words("  ¿Dónde? — café, ul. Świętokrzyska; خیابان  ") == ["Dónde", "café", "ul", "Świętokrzyska", "خیابان"]
    assert first_words_text("bike-lane,  on the   quay " + "x " * 5000) == "bike-lane, on the quay x x x"  # bike, lane, on, the, quay: 5 words
    assert first_words_text("a\x00b") == "ab" and first_words_text("!!!") == "" and first_words(None) == []


@pytest.mark.parametrize("url", [reverse("initiatives:list"), reverse("initiatives:export", kwargs={"kind": "initiatives"})])
def test_the_initiative_list_and_its_export_ignore_words_past_the_first_few(client, harbour_and_zebra, url):
    content = client.get(url, {"q": PAST_THE_BOUND}).content.decode()
    assert "Harbour walk" in content and "Zebra crossing" not in content


def test_a_ten_thousand_character_search_answers_with_the_first_words_matches(client, harbour_and_zebra):
    response = client.get(reverse("initiatives:list"), {"q": "walk " + "harbour " * 1250})
    assert response.status_code == 200
    assert "Harbour walk" in response.content.decode()


def test_site_search_ignores_words_past_the_first_few(client, harbour_and_zebra):
    content = client.get(reverse("portal:search"), {"q": PAST_THE_BOUND}).content.decode()
    assert "Harbour walk" in content and "Zebra crossing" not in content


def test_the_admin_search_ignores_words_past_the_first_few(admin_client, harbour_and_zebra):
    content = admin_client.get(reverse("admin:initiatives_initiative_changelist"), {"q": PAST_THE_BOUND}).content.decode()
    assert "Harbour walk" in content and "Zebra crossing" not in content
    users = admin_client.get(reverse("admin:auth_user_changelist"), {"q": " ".join(["admin"] * 19 + ["nobody"])})
    assert "1 user" in users.content.decode()
