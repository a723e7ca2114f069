"""Lists offer a sentence ("Choisissez…") as their empty choice, never Django's "---------"."""

import pytest
from django.urls import reverse

from accounts.models import Profile

pytestmark = pytest.mark.django_db


def test_no_list_shows_dashes(client, participant):
    Profile.objects.create(user=participant, onboarding_step="household")
    client.force_login(participant)
    urls = [
        reverse("accounts:onboarding_step", kwargs={"step": step})
        for step in ("situation", "settlement", "occupation", "languages", "household")
    ] + [reverse("job_feed:offer_list"), reverse("content:library"), reverse("content:organisation_list")]
    for url in urls:
        html = client.get(url).content.decode()
        assert ">---------<" not in html, url
    occupation_step = client.get(urls[2]).content.decode()
    assert '<option value="" selected>Choisissez…</option>' in occupation_step


def test_the_sentence_is_english_on_english_pages(client, participant):
    Profile.objects.create(user=participant, onboarding_step="household")
    client.force_login(participant)
    html = client.get("/en" + reverse("accounts:onboarding_step", kwargs={"step": "occupation"})).content.decode()
    assert ">Choose…</option>" in html
