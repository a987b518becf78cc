import datetime

import factory
from django.utils import timezone

from committees.models import (
    Committee,
    Document,
    Meeting,
    Membership,
    Organisation,
    Person,
    Recommendation,
    RecommendationAddressee,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.MUNICIPALITY


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@private.example.org")
    phone = factory.Sequence(lambda n: f"+386 40 {n:06d}")


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"Committee {n}")
    slug = factory.Sequence(lambda n: f"committee-{n}")
    mandate = "Bring the town centre back to life."
    appointed_by = "Mayor"
    is_public = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    committee = factory.SubFactory(CommitteeFactory)
    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER
    term_start = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=100))
    term_end = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    title = factory.Sequence(lambda n: f"Meeting {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    place = "Town Hall"
    agenda = "1. Opening"
    status = Meeting.Status.PLANNED


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    committee = factory.SubFactory(CommitteeFactory)
    title = factory.Sequence(lambda n: f"Recommendation {n}")
    text = "Do the right thing for the centre."
    addressed_to = Recommendation.Addressee.MAYORS
    status = Recommendation.Status.ADOPTED
    adopted_on = factory.LazyFunction(timezone.localdate)


class SentRecommendationFactory(RecommendationFactory):
    status = Recommendation.Status.SENT
    adopted_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=40))
    sent_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


class AddresseeFactory(factory.django.DjangoModelFactory):
    """An organisation a sent recommendation went to, on the day it was sent; no reply yet."""

    class Meta:
        model = RecommendationAddressee

    recommendation = factory.SubFactory(SentRecommendationFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    sent_on = factory.LazyAttribute(lambda addressee: addressee.recommendation.sent_on)
    response_due_on = factory.LazyAttribute(lambda addressee: addressee.recommendation.response_due_on)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    committee = factory.SubFactory(CommitteeFactory)
    title = factory.Sequence(lambda n: f"Document {n}")
    file = factory.django.FileField(filename="handbook.pdf", data=b"%PDF-1.4 test")
    is_public = True


class HeldMeetingFactory(MeetingFactory):
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    status = Meeting.Status.HELD
    minutes = "The committee agreed on the summer programme."
    minutes_published = True
