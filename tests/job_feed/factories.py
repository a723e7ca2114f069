import datetime

import factory
from django.utils import timezone

from accounts.models import Occupation, Region
from job_feed.models import FeedSource, JobOffer, SavedOffer


def region(code: str = "06") -> Region:
    return Region.objects.get(code=code)


class FeedSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedSource
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Source {n}")
    url = "http://127.0.0.1:9/flux.xml"
    format = "placement_en_ligne_xml"
    schedule = "0 5 * * *"


class JobOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobOffer

    source = factory.SubFactory(FeedSourceFactory, name="Source des tests")
    external_id = factory.Sequence(lambda n: f"T{n:07d}")
    title = factory.Sequence(lambda n: f"Infirmière ou infirmier {n}")
    employer = "Clinique des Érables"
    region = factory.LazyFunction(lambda: region("06"))
    municipality = "Montréal"
    occupation_code = "31301"
    occupation_category = factory.LazyAttribute(lambda offer: offer.occupation_code[:1])
    employment_type = JobOffer.EmploymentType.FULL_TIME
    date_posted = factory.LazyFunction(timezone.localdate)
    valid_through = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    description = "Soins aux patients à Montréal."
    apply_url = "https://emplois.example.org/offres/1"
    content_hash = "0" * 32


class SavedOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedOffer

    offer = factory.SubFactory(JobOfferFactory)


def occupation(code: str) -> Occupation:
    return Occupation.objects.get(code=code)
