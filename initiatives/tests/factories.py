import datetime
from decimal import Decimal
from io import BytesIO

import factory
from django.utils import timezone
from PIL import Image

from committees.tests.factories import CommitteeFactory
from initiatives.services import series_refresh
from initiatives.models import (
    FundingLine,
    Indicator,
    Initiative,
    Measurement,
    Milestone,
    ProgressUpdate,
    Target,
    Theme,
)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    slug = "vacant-premises"
    name = factory.LazyAttribute(lambda theme: theme.slug.replace("-", " ").capitalize())


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    title = factory.Sequence(lambda n: f"Initiative {n}")
    slug = factory.Sequence(lambda n: f"initiative-{n}")
    summary = "Bring empty shops back to life."
    description = "Pop-up shops for local makers."
    theme = factory.SubFactory(ThemeFactory)
    status = Initiative.Status.IN_PROGRESS
    lead_committee = factory.SubFactory(CommitteeFactory)
    area = "Old Town"
    start_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=100))
    end_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=200))
    is_public = True


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    initiative = factory.SubFactory(InitiativeFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class FundingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingLine

    initiative = factory.SubFactory(InitiativeFactory)
    source = FundingLine.Source.MUNICIPAL
    planned = Decimal("1000.00")
    spent = Decimal("250.00")


def image_bytes(image_format="PNG", size=(40, 30), **options):
    """A small real image, as a camera or an editor would save it (`options`: Pillow's, e.g. exif=)."""
    output = BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(output, format=image_format, **options)
    return output.getvalue()


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    initiative = factory.SubFactory(InitiativeFactory)
    text = factory.Sequence(lambda n: f"Update number {n}.")

    class Params:
        with_photo = factory.Trait(
            photo=factory.django.ImageField(filename="street.jpg", format="JPEG", width=32, height=24),
            photo_description="The street with the new benches",
        )


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    name = factory.Sequence(lambda n: f"Indicator {n}")
    slug = factory.Sequence(lambda n: f"indicator-{n}")
    standard_unit = "people_a_day"
    higher_is_better = True


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    measured_on = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=n))
    value = Decimal("100")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Stored as the services store one: the indicator's rolled-up series, which pages read, follows."""
        measurement = super()._create(model_class, *args, **kwargs)
        series_refresh(indicator=measurement.indicator)
        return measurement


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    initiative = factory.SubFactory(InitiativeFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    baseline = Decimal("100")
    baseline_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=100))
    target_value = Decimal("200")
    target_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=100))
