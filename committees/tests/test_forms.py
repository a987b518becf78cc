import pytest

from committees.forms import CommitteeForm

pytestmark = pytest.mark.django_db


def test_a_name_without_letters_or_digits_asks_for_an_address_instead_of_saving_an_empty_one():
    form = CommitteeForm(data={"name": "!!! ???", "slug": "", "is_public": "on"})
    assert not form.is_valid()
    assert form.errors["slug"] == ["The name has no letters or digits to make an address from; enter one."]
    assert form.data["name"] == "!!! ???"
