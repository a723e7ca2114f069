"""The demo feed source of `make run`: the bundled sample, served by the portal itself."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from job_feed.models import FeedSource
from job_feed.services import feed_source_save

DEMO_SOURCE_NAME = "Placement en ligne – exemple"


def demo_feed_source_ensure() -> FeedSource:
    with translation.override(settings.LANGUAGE_CODE):
        url = settings.SITE_URL.rstrip("/") + reverse("job_feed:sample_feed")
    source = FeedSource.objects.filter(name=DEMO_SOURCE_NAME).first() or FeedSource(name=DEMO_SOURCE_NAME)
    source.url = url
    source.format = "placement_en_ligne_xml"
    source.is_active = True
    return feed_source_save(source=source)
