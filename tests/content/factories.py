import factory
from django.utils import timezone

from content.models import (
    Article,
    Capsule,
    CaptionTrack,
    Checkpoint,
    Choice,
    Organisation,
    OrganisationService,
    ProfessionalOrder,
    Theme,
    VideoSource,
)

VTT = (
    "WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nBonjour et bienvenue.\n\n"
    "00:00:04.500 --> 00:00:09.000\nParlons des études.\n"
)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name_fr = factory.Sequence(lambda n: f"Thème {n}")


class CapsuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Capsule
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Capsule {n}")
    slug = factory.Sequence(lambda n: f"capsule-{n}")
    summary = "Un résumé de la capsule."
    duration_seconds = 100
    transcript = "[0:00] Bonjour et bienvenue.\n\n[0:30] Parlons des études au Québec.\n\n[1:00] Au revoir."
    status = Capsule.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=1))

    @factory.post_generation
    def with_media(self, create, extracted, **kwargs):
        if create and extracted is not False:
            CaptionTrack.objects.create(capsule=self, language="fr-ca", vtt=VTT)
            VideoSource.objects.create(capsule=self, quality="medium", url="https://video.example.org/c.mp4")


class CheckpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Checkpoint
        skip_postgeneration_save = True

    capsule = factory.SubFactory(CapsuleFactory)
    at_seconds = 20
    question = "Quelle est la bonne réponse ?"
    kind = Checkpoint.Kind.SINGLE

    @factory.post_generation
    def choices(self, create, extracted, **kwargs):
        if create and extracted is not False:
            Choice.objects.create(checkpoint=self, text="La bonne", is_correct=True, feedback="Bravo.", order=0)
            Choice.objects.create(checkpoint=self, text="La mauvaise", is_correct=False, feedback="Non.", order=1)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "Un résumé de l'article."
    body_markdown = "## Titre\n\nUn paragraphe sur le logement."
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=1))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisme {n}")
    slug = factory.Sequence(lambda n: f"organisme-{n}")
    region = factory.LazyFunction(lambda: __import__("accounts.models").models.Region.objects.get(code="06"))
    municipality = "Montréal"

    @factory.post_generation
    def services(self, create, extracted, **kwargs):
        if create and extracted:
            for code in extracted:
                OrganisationService.objects.create(organisation=self, service=code)


def order(slug: str = "ordre-des-ingenieurs-du-quebec") -> ProfessionalOrder:
    return ProfessionalOrder.objects.get(slug=slug)


def unit_group(code: str = "21300", name: str = "Ingénieurs civils (test)"):
    """A 5-digit NOC/CNP unit group for tests (the project seeds only the broad categories)."""
    from accounts.models import Occupation

    parent = Occupation.objects.get(code=code[0])
    return Occupation.objects.get_or_create(code=code, defaults={"name_fr": name, "level": 5, "parent": parent})[0]
