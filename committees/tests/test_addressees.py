"""One recommendation to many addressees: each with its own dates, replies (interim and final, corrected
with history) and status; the recommendation's status follows them; organisations and the accounts that
speak for them."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from committees import services
from committees.models import AddresseeReply, Organisation, OrganisationAccount, RecommendationAddressee
from committees.tests.factories import AddresseeFactory, OrganisationFactory, SentRecommendationFactory
from core.edits import EditConflict
from core.roles import MAYORS
from core.tests.edits import version_of

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def days(number):
    return TODAY + datetime.timedelta(days=number)


def text(response):
    return response.content.decode()


def reply(addressee, kind, day, words="", by=None):
    return services.addressee_reply_record(addressee=addressee, by=by, received_on=days(day), kind=kind, text=words)


def statuses(recommendation):
    return dict(recommendation.addressees.values_list("organisation__name", "status"))


# Services -------------------------------------------------------------------------------------


def test_a_reply_dated_before_the_sending_is_refused_and_nothing_is_stored():
    addressee = AddresseeFactory(sent_on=days(-10))
    with pytest.raises(ValidationError) as error:
        reply(addressee, "accepted", -11, "Yes.")
    assert list(error.value.message_dict) == ["received_on"]
    assert not AddresseeReply.objects.exists()
    addressee.refresh_from_db()
    assert addressee.status == RecommendationAddressee.Status.AWAITING


def test_a_reply_to_an_addressee_not_yet_sent_to_is_refused():
    addressee = AddresseeFactory(recommendation__status="adopted", recommendation__sent_on=None)
    with pytest.raises(ValidationError):
        reply(addressee, "interim", 0)
    assert not AddresseeReply.objects.exists()


def test_an_interim_reply_keeps_the_addressee_owing_its_final_reply_until_it_comes():
    recommendation = SentRecommendationFactory(response_due_on=days(-2))
    town = AddresseeFactory(recommendation=recommendation, organisation__name="Town")
    reply(town, "interim", -20, "We will consider it.")
    town.refresh_from_db()
    assert town.status == "interim" and town.is_overdue
    assert list(RecommendationAddressee.objects.overdue()) == [town]
    reply(town, "accepted", -1, "We agree.")
    town.refresh_from_db()
    recommendation.refresh_from_db()
    assert town.status == "accepted" and not RecommendationAddressee.objects.overdue().exists()
    assert [(r.kind, r.text) for r in town.replies.all()] == [("interim", "We will consider it."), ("accepted", "We agree.")]
    assert (recommendation.status, recommendation.accepted_on) == ("accepted", days(-1))


def test_the_latest_final_reply_decides_whatever_order_they_are_recorded_in():
    town = AddresseeFactory(organisation__name="Town")
    reply(town, "implemented", -2)
    reply(town, "accepted", -15)  # an earlier letter entered late
    reply(town, "interim", -1)
    town.refresh_from_db()
    assert town.status == "implemented"


def test_the_recommendation_follows_its_addressees_final_replies():
    recommendation = SentRecommendationFactory()
    town, city, ministry = (AddresseeFactory(recommendation=recommendation, organisation__name=name)
                            for name in ("Town", "City", "Ministry"))
    reply(town, "rejected", -20)
    recommendation.refresh_from_db()
    assert recommendation.status == "sent"  # the others have not answered
    reply(city, "rejected", -10)
    reply(ministry, "rejected", -5)
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.rejected_on) == ("rejected", days(-5))
    reply(city, "implemented", -1)  # changed its mind; the others still reject it
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.implemented_on, recommendation.rejected_on) == ("accepted", None, None)
    assert [day for _label, day in recommendation.steps()] == [days(-40), days(-30), days(-1)]


def test_a_recommendation_is_implemented_only_when_every_addressee_has_implemented_it():
    recommendation = SentRecommendationFactory()
    town, city = (AddresseeFactory(recommendation=recommendation, organisation__name=name) for name in ("Town", "City"))
    reply(town, "implemented", -10)
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.accepted_on, recommendation.implemented_on) == ("accepted", days(-10), None)
    reply(city, "accepted", -6)
    reply(city, "implemented", -2)
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.accepted_on, recommendation.implemented_on) == (
        "implemented", days(-10), days(-2))  # accepted when the first did, implemented when the last did


def test_a_correction_is_kept_in_the_history_and_moves_the_statuses():
    addressee = AddresseeFactory(organisation__name="Town")
    recorded = reply(addressee, "accepted", -3, "We agree.")
    corrected = services.addressee_reply_correct(
        reply=recorded, by=None, expected_version=recorded.version, received_on=days(-4), kind="rejected",
        text="We do not agree.",
    )
    assert (corrected.version, corrected.kind) == (2, "rejected")
    history = list(corrected.history.order_by("history_date").values_list("kind", "text", "received_on"))
    assert history == [("accepted", "We agree.", days(-3)), ("rejected", "We do not agree.", days(-4))]
    addressee.refresh_from_db()
    assert addressee.status == "rejected" and addressee.recommendation.status == "rejected"
    with pytest.raises(EditConflict):
        services.addressee_reply_correct(
            reply=recorded, by=None, expected_version=1, received_on=days(-3), kind="accepted", text="",
        )


def test_a_correction_to_before_the_sending_is_refused():
    addressee = AddresseeFactory(sent_on=days(-10))
    recorded = reply(addressee, "accepted", -3)
    with pytest.raises(ValidationError):
        services.addressee_reply_correct(reply=recorded, by=None, expected_version=1, received_on=days(-12), kind="accepted", text="")
    recorded.refresh_from_db()
    assert recorded.received_on == days(-3) and recorded.history.count() == 1


def test_addressees_added_after_sending_are_sent_on_the_day_given_and_removed_only_without_replies():
    recommendation = SentRecommendationFactory(response_due_on=days(20))
    ministry, agency = OrganisationFactory(name="Ministry"), OrganisationFactory(name="Agency")
    with pytest.raises(ValidationError) as error:
        services.recommendation_addressees_add(recommendation=recommendation, by=None, organisations=[ministry])
    assert list(error.value.message_dict) == ["sent_on"]
    with pytest.raises(ValidationError):
        services.recommendation_addressees_add(recommendation=recommendation, by=None, organisations=[ministry], sent_on=days(-31))
    added = services.recommendation_addressees_add(
        recommendation=recommendation, by=None, organisations=[ministry, agency], sent_on=days(-2)
    )
    assert [(row.sent_on, row.response_due_on) for row in added] == [(days(-2), days(20))] * 2
    reply(added[0], "interim", -1)
    with pytest.raises(ValidationError):
        services.recommendation_addressee_remove(addressee=added[0], by=None)
    services.recommendation_addressee_remove(addressee=added[1], by=None)
    assert statuses(recommendation) == {"Ministry": "interim"}


def test_organisations_and_their_accounts_are_kept_with_history(make_user):
    secretary = make_user("secretary")
    mayor, deputy = make_user("mayor", role=MAYORS), make_user("deputy", role=MAYORS)
    town = services.organisation_create(by=secretary, name="Town", kind="municipality", accounts=[mayor])
    town = services.organisation_update(
        organisation=town, by=secretary, expected_version=town.version, name="Town of Lakeford",
        kind="municipality", website="https://lakeford.example.org", accounts=[deputy],
    )
    assert list(town.history.order_by("history_date").values_list("name", "history_user")) == [
        ("Town", secretary.pk), ("Town of Lakeford", secretary.pk)
    ]
    assert [link.user for link in town.accounts.all()] == [deputy]
    assert OrganisationAccount.history.filter(user=mayor, history_type="-").exists()
    city = services.organisation_create(by=secretary, name="City", kind="municipality")
    with pytest.raises(ValidationError) as error:
        services.organisation_update(organisation=city, by=secretary, expected_version=city.version, name="Big city",
                                     kind="municipality", website="", accounts=[deputy])
    assert list(error.value.message_dict) == ["accounts"]
    assert Organisation.objects.get(pk=city.pk).name == "City"  # all or nothing


# Pages --------------------------------------------------------------------------------------


@pytest.fixture
def sent(world):
    recommendation = SentRecommendationFactory(committee=world.committee, title="Benches", response_due_on=days(-1))
    return SimpleAddressees(recommendation)


class SimpleAddressees:
    def __init__(self, recommendation):
        self.recommendation = recommendation
        self.town = AddresseeFactory(recommendation=recommendation, organisation__name="Municipality of Riverbend")
        self.ministry = AddresseeFactory(recommendation=recommendation, organisation__name="Ministry of Economy")

    def reply_url(self, addressee):
        return reverse("committees:addressee-reply", args=[
            self.recommendation.committee.slug, self.recommendation.pk, addressee.pk
        ])


def test_a_reply_dated_before_sending_is_a_form_error_that_keeps_what_was_typed(secretary_client, sent):
    response = secretary_client.post(sent.reply_url(sent.town), {
        "kind": "accepted", "received_on": days(-31).isoformat(), "text": "We will build twelve benches.",
    })
    assert response.status_code == 200
    sent_on = date_format(days(-30), "DATE_FORMAT")
    assert response.context["form"].errors == {
        "received_on": [f"A reply cannot come before the recommendation was sent ({sent_on})."]
    }
    assert "We will build twelve benches." in text(response)
    assert not AddresseeReply.objects.exists()


def test_the_mayor_records_the_reply_of_her_own_municipality_only(client, world, sent):
    mayor = world.users["mayor"]
    services.organisation_accounts_set(organisation=sent.town.organisation, by=None, users=[mayor])
    client.force_login(mayor)
    page = text(client.get(sent.recommendation.get_absolute_url()))
    assert "Record a reply of Municipality of Riverbend" in page
    assert "Record a reply of Ministry of Economy" not in page
    assert client.get(sent.reply_url(sent.ministry)).status_code == 403
    response = client.post(sent.reply_url(sent.town), {"kind": "interim", "received_on": TODAY.isoformat(),
                                                       "text": "We will consider it."})
    assert response.status_code == 302
    assert AddresseeReply.objects.get().recorded_by == mayor


def test_the_public_page_shows_each_addressee_with_its_status_replies_and_corrections(client, world, sent):
    recorded = reply(sent.town, "accepted", -3, "We agree.")
    services.addressee_reply_correct(reply=recorded, by=None, expected_version=1, received_on=days(-2),
                                     kind="accepted", text="We agree, from spring.")
    page = text(Client().get(sent.recommendation.get_absolute_url()))
    assert "Municipality of Riverbend" in page and "We agree, from spring." in page and "corrected" in page
    assert "Ministry of Economy" in page and "No reply yet." in page and "1 reply overdue" in page
    assert "Record a reply" not in page


def test_the_pages_say_how_many_addressees_implemented_a_recommendation_not_yet_implemented_by_all(client, world, sent):
    reply(sent.town, "implemented", -1)
    for url in (sent.recommendation.get_absolute_url(), reverse("committees:recommendation-list")):
        assert "implemented by 1 of 2 addressees" in text(client.get(url))


def test_the_correction_page_lists_what_the_reply_said_before(secretary_client, sent):
    recorded = reply(sent.town, "accepted", -3, "We agree.")
    url = reverse("committees:addressee-reply-correct",
                  args=[sent.recommendation.committee.slug, sent.recommendation.pk, sent.town.pk, recorded.pk])
    response = secretary_client.post(url, {"kind": "implemented", "received_on": days(-1).isoformat(),
                                           "text": "Built.", **version_of(recorded)}, follow=True)
    assert "was corrected" in text(response)
    page = text(secretary_client.get(url))
    assert "We agree." in page and "Built." in page


def test_the_recommendation_list_counts_overdue_replies_per_addressee_in_bounded_queries(
    client, world, django_assert_max_num_queries
):
    for number in range(6):
        recommendation = SentRecommendationFactory(committee=world.committee, response_due_on=days(-1))
        for name in ("Town", "City", "Village"):
            AddresseeFactory(recommendation=recommendation, organisation__name=f"{name} {number}")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("committees:recommendation-list"))
    assert text(response).count("3 replies overdue") == 6


def test_the_recommendation_page_reads_its_addressees_in_bounded_queries(client, world, django_assert_max_num_queries):
    recommendation = SentRecommendationFactory(committee=world.committee)
    for number in range(8):
        addressee = AddresseeFactory(recommendation=recommendation, organisation__name=f"Town {number}")
        reply(addressee, "interim", -5)
    client.force_login(world.users["secretary"])
    with django_assert_max_num_queries(25):
        response = client.get(recommendation.get_absolute_url())
    assert text(response).count("Record a reply of Town") == 8


def test_the_organisation_pages_list_and_keep_organisations(client, world, django_assert_max_num_queries):
    for number in range(10):
        OrganisationFactory(name=f"Organisation {number}")
    client.force_login(world.users["mayor"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("committees:organisation-list"))
    assert "Organisation 9" in text(response) and "Add an organisation" not in text(response)
    assert client.get(reverse("committees:organisation-create")).status_code == 403
    client.force_login(world.users["secretary"])
    response = client.post(reverse("committees:organisation-create"), {
        "name": "Ministry of Culture", "kind": "ministry", "website": "https://culture.example.org",
        "accounts": [world.users["mayor"].pk],
    }, follow=True)
    assert "The organisation Ministry of Culture was added." in text(response)
    ministry = Organisation.objects.get(name="Ministry of Culture")
    assert [link.user for link in ministry.accounts.all()] == [world.users["mayor"]]
    response = client.post(reverse("committees:organisation-update", args=[ministry.pk]), {
        "name": "", "kind": "ministry", "website": "not a web address", **version_of(ministry),
    })
    assert set(response.context["form"].errors) == {"name", "website"}
    assert "not a web address" in text(response)


def test_every_label_of_the_organisation_form_and_its_error_summary_starts_with_a_capital(client, world):
    """Labels given in the form (website, staff accounts) read like those taken from the model."""
    client.force_login(world.users["secretary"])
    url = reverse("committees:organisation-create")
    for language, website, accounts in [
        ("en", "Website", "Staff accounts that speak for it"), ("sl", "Spletna stran", "Uporabniški računi"),
    ]:
        page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert f"{website}\n" in page and accounts in page
        refused = client.post(url, {"name": "Town", "kind": "other", "website": "no"}, HTTP_ACCEPT_LANGUAGE=language)
        assert f'{website}: ' in refused.content.decode()


def test_a_corrected_reply_is_marked_in_words_that_agree_with_a_reply(client):
    """Polish: a reply (odpowiedź) corrected is „poprawiona”, not the masculine of a premises status."""
    addressee = AddresseeFactory(organisation__name="Town")
    recorded = reply(addressee, "accepted", -3, "We agree.")
    services.addressee_reply_correct(reply=recorded, by=None, expected_version=recorded.version,
                                     received_on=days(-2), kind="accepted", text="We agree, with thanks.")
    page = client.get(addressee.recommendation.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert "(poprawiona)" in page


def test_addressees_of_a_recommendation_not_yet_sent_are_not_called_sent(secretary_client, world):
    from committees.tests.factories import RecommendationFactory

    recommendation = RecommendationFactory(committee=world.committee)
    town = OrganisationFactory(name="Town")
    url = reverse("committees:recommendation-addressees", args=[world.committee.slug, recommendation.pk])
    response = secretary_client.post(url, {"organisations": [town.pk]}, follow=True, HTTP_ACCEPT_LANGUAGE="sl")
    page = text(response)
    assert "Town" in page and "poslano" not in page.lower().replace("ni poslano", "")
    assert "Sent to" not in text(secretary_client.get(url))
