import datetime

import factory
from django.utils import timezone

from committees.tests.factories import CommitteeFactory
from surveys.models import Choice, Question, Section, Survey


class SurveyFactory(factory.django.DjangoModelFactory):
    """An open, published, public-link survey unless told otherwise."""

    class Meta:
        model = Survey

    title = factory.Sequence(lambda n: f"Survey {n}")
    slug = factory.Sequence(lambda n: f"survey-{n}")
    introduction = "Tell us what the centre needs."
    committee = factory.SubFactory(CommitteeFactory)
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    is_published = True
    access = Survey.Access.PUBLIC


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    survey = factory.SubFactory(SurveyFactory)
    original_language = factory.SelfAttribute("survey.original_language")  # as the services keep it
    title = factory.Sequence(lambda n: f"Page {n}")
    order = factory.Sequence(lambda n: n)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    section = factory.SubFactory(SectionFactory)
    survey = factory.SelfAttribute("section.survey")
    original_language = factory.SelfAttribute("section.original_language")
    text = factory.Sequence(lambda n: f"Question {n}?")
    kind = Question.Kind.SINGLE
    order = factory.Sequence(lambda n: n)

    @factory.post_generation
    def options(question, create, extracted, **kwargs):
        for position, text in enumerate(extracted or [], start=1):
            Choice.objects.create(question=question, text=text, order=position,
                                  original_language=question.original_language)
