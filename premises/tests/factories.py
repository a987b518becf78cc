import factory

from committees.tests.factories import CommitteeFactory
from premises.models import Business, Floor, Occupancy, Unit, UnitStatus, UseClass


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    committee = factory.SubFactory(CommitteeFactory)
    street = "Main Street"
    number = factory.Sequence(lambda n: str(n + 1))
    floor = Floor.GROUND
    use_class = UseClass.COMPARISON_RETAIL


class UnitStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitStatus

    unit = factory.SubFactory(UnitFactory)
    status = "occupied"
    since = factory.Faker("date_between", start_date="-3y", end_date="-1y")


class BusinessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Business

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"Business {n}")


class OccupancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occupancy

    business = factory.SubFactory(BusinessFactory)
    unit = factory.SubFactory(UnitFactory)
    since = factory.Faker("date_between", start_date="-3y", end_date="-1y")
