"""The commands: `make run`'s import from the portal itself, and the feed generator."""

import io

import pytest
from django.core.management import call_command

from job_feed.demo import demo_feed_source_ensure
from job_feed.models import FeedRun, JobOffer
from job_feed.sample.generator import generate_offers


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_make_run_imports_the_sample_feed_served_by_the_portal_itself(live_asgi_server, settings):
    settings.SITE_URL = live_asgi_server.url
    source = demo_feed_source_ensure()
    assert source.url == live_asgi_server.url + "/emplois/flux-exemple.xml"
    assert source.periodic_task is not None

    call_command("import_feeds", wait_for=live_asgi_server.url + "/healthz", stdout=io.StringIO())

    assert JobOffer.objects.filter(source=source, status=JobOffer.Status.OPEN).count() == 320
    assert set(JobOffer.objects.values_list("region__code", flat=True)) == {f"{code:02d}" for code in range(1, 18)}
    # Started again (another `make run`): the portal answers 304 and nothing is written.
    call_command("import_feeds", stdout=io.StringIO())
    assert FeedRun.objects.filter(source=source).first().status == FeedRun.Status.NOT_MODIFIED


def test_the_generator_writes_a_feed_of_the_size_asked(tmp_path):
    output = tmp_path / "flux.xml"

    call_command("generate_job_feed", count=250, output=str(output), stderr=io.StringIO())

    text = output.read_text(encoding="utf-8")
    assert text.count("<offre>") == 250
    assert "é" in text


def test_the_generator_is_reproducible_and_covers_every_region_and_category():
    first = list(generate_offers(count=60, seed=5))
    again = list(generate_offers(count=60, seed=5))

    assert first == again
    assert {offer["region"] for offer in first} == {f"{code:02d}" for code in range(1, 18)}
    assert {offer["cnp"][0] for offer in first} == set("0123456789")
