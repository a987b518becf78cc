"""Migrations that move data, run for real on the test database."""
import datetime

import pytest

from core.tests.migrations import migrate, migrated_back_to

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("committees", "0001_initial")]
AFTER = [("committees", "0002_recommendation_step_dates")]
DECIDED = datetime.date(2024, 5, 6)


@pytest.fixture
def migrated_back():
    yield from migrated_back_to(BEFORE)


def step_dates(apps):
    Recommendation = apps.get_model("committees", "Recommendation")
    fields = ["status", "accepted_on", "implemented_on", "rejected_on"]
    return {row["title"]: tuple(row[field] for field in fields) for row in Recommendation.objects.values("title", *fields)}


def test_the_decision_date_moves_to_the_step_of_the_current_status_and_back(migrated_back):
    committee = migrated_back.get_model("committees", "Committee").objects.create(name="Market", slug="market")
    Recommendation = migrated_back.get_model("committees", "Recommendation")
    for status in ["sent", "accepted", "implemented", "rejected"]:
        Recommendation.objects.create(
            committee=committee, title=status, text="Do it.", addressed_to="mayors", status=status,
            adopted_on=datetime.date(2024, 1, 2), decided_on=None if status == "sent" else DECIDED,
        )

    assert step_dates(migrate(AFTER)) == {
        "sent": ("sent", None, None, None),
        "accepted": ("accepted", DECIDED, None, None),
        "implemented": ("implemented", DECIDED, DECIDED, None),
        "rejected": ("rejected", None, None, DECIDED),
    }

    back = migrate(BEFORE).get_model("committees", "Recommendation")
    assert dict(back.objects.values_list("title", "decided_on")) == {
        "sent": None, "accepted": DECIDED, "implemented": DECIDED, "rejected": DECIDED,
    }


class TestRecommendationAddressees:
    """0008: each recommendation's single addressee and reply become an addressee row with its replies."""

    BEFORE = [("committees", "0007_content_languages")]
    AFTER = [("committees", "0008_recommendation_addressees")]

    @pytest.fixture
    def old(self):
        yield from migrated_back_to(self.BEFORE)

    def test_each_single_addressee_and_reply_becomes_an_addressee_row_with_its_replies(self, old):
        committee = old.get_model("committees", "Committee").objects.create(name="Market", slug="market")
        Recommendation = old.get_model("committees", "Recommendation")
        day = lambda number: datetime.date(2024, 5, number)  # noqa: E731
        rows = {
            "draft": dict(status="draft", addressed_to="businesses"),
            "silent": dict(status="sent", sent_on=day(1), response_due_on=day(20)),
            "interim": dict(status="sent", sent_on=day(1), reply="We will look at it.", reply_received_on=day(5)),
            "accepted": dict(status="accepted", sent_on=day(1), accepted_on=day(9), reply="Yes.", reply_received_on=day(9)),
            "implemented": dict(status="implemented", sent_on=day(1), accepted_on=day(9), implemented_on=day(25),
                                addressed_to="state_institutions", reply="Done.", reply_received_on=None),
            "rejected late": dict(status="rejected", sent_on=day(1), rejected_on=day(8),
                                  reply="No, and here is why.", reply_received_on=day(12)),
        }
        for title, fields in rows.items():
            Recommendation.objects.create(
                committee=committee, title=title, text="Do it.", **{"addressed_to": "mayors", **fields}
            )

        new = migrate(self.AFTER)
        Addressee = new.get_model("committees", "RecommendationAddressee")
        found = {
            row.recommendation.title: (
                row.organisation.name, row.status, row.sent_on, row.response_due_on,
                [(reply.kind, reply.received_on, reply.text) for reply in row.replies.order_by("received_on", "pk")],
            )
            for row in Addressee.objects.select_related("recommendation", "organisation")
        }
        assert found == {
            "draft": ("Businesses", "awaiting", None, None, []),
            "silent": ("Mayors", "awaiting", day(1), day(20), []),
            "interim": ("Mayors", "interim", day(1), None, [("interim", day(5), "We will look at it.")]),
            "accepted": ("Mayors", "accepted", day(1), None, [("accepted", day(9), "Yes.")]),
            "implemented": ("State institutions", "implemented", day(1), None,
                            [("accepted", day(9), ""), ("implemented", day(25), "Done.")]),
            "rejected late": ("Mayors", "rejected", day(1), None,
                              [("rejected", day(8), ""), ("interim", day(12), "No, and here is why.")]),
        }
        Organisation = new.get_model("committees", "Organisation")
        assert dict(Organisation.objects.values_list("name", "kind")) == {
            "Mayors": "other", "Businesses": "business", "State institutions": "other"
        }

        back = migrate(self.BEFORE).get_model("committees", "Recommendation")
        assert {row.title: (row.reply, row.reply_received_on) for row in back.objects.all()} == {
            "draft": ("", None), "silent": ("", None), "interim": ("We will look at it.", day(5)),
            "accepted": ("Yes.", day(9)), "implemented": ("Done.", day(25)),
            "rejected late": ("No, and here is why.", day(12)),
        }


@pytest.fixture
def before_every_addressee_rule():
    yield from migrated_back_to([("committees", "0009_document_description")])


def test_a_recommendation_stored_as_implemented_by_one_addressee_of_two_becomes_accepted(before_every_addressee_rule):
    apps = before_every_addressee_rule
    committee = apps.get_model("committees", "Committee").objects.create(name="Market", slug="market")
    Recommendation = apps.get_model("committees", "Recommendation")
    Addressee = apps.get_model("committees", "RecommendationAddressee")
    Reply = apps.get_model("committees", "AddresseeReply")
    Organisation = apps.get_model("committees", "Organisation")
    town, city = Organisation.objects.create(name="Town"), Organisation.objects.create(name="City")
    first, second = (datetime.date(2024, 5, day) for day in (6, 20))
    for title, city_kind in (("partly", "rejected"), ("fully", "implemented")):
        recommendation = Recommendation.objects.create(
            committee=committee, title=title, text="Do it.", addressed_to="mayors", status="implemented",
            adopted_on=datetime.date(2024, 1, 2), sent_on=datetime.date(2024, 1, 3), accepted_on=first,
            implemented_on=first,
        )
        for organisation, kind, day in ((town, "implemented", first), (city, city_kind, second)):
            addressee = Addressee.objects.create(recommendation=recommendation, organisation=organisation,
                                                 sent_on=datetime.date(2024, 1, 3), status=kind)
            Reply.objects.create(addressee=addressee, received_on=day, kind=kind)

    assert step_dates(migrate([("committees", "0010_recommendation_implemented_by_every_addressee")])) == {
        "partly": ("accepted", first, None, None),
        "fully": ("implemented", first, second, None),
    }
