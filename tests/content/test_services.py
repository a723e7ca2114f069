import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from content import services
from content.models import Article, CapsuleProgress, CheckpointAnswer, Organisation
from content.signals import capsule_watched
from tests.content.factories import ArticleFactory, CapsuleFactory, CheckpointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def watched_events():
    events = []

    def receiver(sender, user, capsule, **kwargs):
        events.append((user.pk, capsule.pk))

    capsule_watched.connect(receiver, dispatch_uid="test-watched")
    yield events
    capsule_watched.disconnect(dispatch_uid="test-watched")


def test_it_saves_the_position_and_credits_only_what_real_time_allows(participant):
    capsule = CapsuleFactory(duration_seconds=100)
    start = timezone.now()
    services.progress_record(user=participant, capsule=capsule, position=2, now=start)
    progress = services.progress_record(
        user=participant, capsule=capsule, position=95, now=start + datetime.timedelta(seconds=5)
    )
    assert progress.position_seconds == 95  # resume where they jumped to
    assert progress.furthest_seconds == pytest.approx(2 + 5 * 2 + 3)  # but "watched" grows with real time
    assert progress.watched_at is None


def test_it_marks_a_capsule_watched_at_ninety_percent_and_sends_the_event_once(
    participant, watched_events, django_capture_on_commit_callbacks
):
    capsule = CapsuleFactory(duration_seconds=20)
    start = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.progress_record(user=participant, capsule=capsule, position=1, now=start)
        services.progress_record(
            user=participant, capsule=capsule, position=18, now=start + datetime.timedelta(seconds=17)
        )
        services.progress_record(
            user=participant, capsule=capsule, position=20, now=start + datetime.timedelta(seconds=19)
        )
    assert CapsuleProgress.objects.get(user=participant, capsule=capsule).watched_at is not None
    assert watched_events == [(participant.pk, capsule.pk)]


@pytest.mark.parametrize("position", [-1, 10_000, float("nan"), float("inf")])
def test_it_ignores_absurd_positions(participant, position):
    capsule = CapsuleFactory(duration_seconds=100)
    with pytest.raises(services.AbsurdPosition):
        services.progress_record(user=participant, capsule=capsule, position=position)
    assert not CapsuleProgress.objects.exists()


def test_it_records_an_answer_with_its_feedback_and_replaces_it_on_a_new_answer(participant):
    checkpoint = CheckpointFactory()
    right, wrong = checkpoint.choices.order_by("order")
    outcome = services.checkpoint_answer(user=participant, checkpoint=checkpoint, choice_ids=[wrong.pk])
    assert outcome.answer.is_correct is False
    assert outcome.feedback == [("La mauvaise", "Non.", False)]
    outcome = services.checkpoint_answer(user=participant, checkpoint=checkpoint, choice_ids=[right.pk])
    assert outcome.answer.is_correct is True
    assert CheckpointAnswer.objects.filter(user=participant).count() == 1


def test_it_rejects_two_choices_for_a_single_choice_question_and_choices_of_another_question(participant):
    checkpoint = CheckpointFactory()
    other = CheckpointFactory()
    ids = list(checkpoint.choices.values_list("pk", flat=True))
    with pytest.raises(services.InvalidAnswer):
        services.checkpoint_answer(user=participant, checkpoint=checkpoint, choice_ids=ids)
    with pytest.raises(services.InvalidAnswer):
        services.checkpoint_answer(user=participant, checkpoint=checkpoint, choice_ids=[other.choices.first().pk])
    with pytest.raises(services.InvalidAnswer):
        services.checkpoint_answer(user=participant, checkpoint=checkpoint, choice_ids=[])
    assert not CheckpointAnswer.objects.exists()


def test_a_multiple_choice_answer_is_right_only_with_every_right_choice(participant):
    checkpoint = CheckpointFactory(kind="multiple", choices=False)
    a = checkpoint.choices.create(text="A", is_correct=True)
    b = checkpoint.choices.create(text="B", is_correct=True)
    checkpoint.choices.create(text="C", is_correct=False)
    assert not services.checkpoint_answer(user=participant, checkpoint=checkpoint, choice_ids=[a.pk]).answer.is_correct
    assert services.checkpoint_answer(
        user=participant, checkpoint=checkpoint, choice_ids=[a.pk, b.pk]
    ).answer.is_correct


def test_answering_every_checkpoint_counts_the_capsule_as_watched(
    participant, watched_events, django_capture_on_commit_callbacks
):
    first = CheckpointFactory()
    second = CheckpointFactory(capsule=first.capsule, at_seconds=60)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.checkpoint_answer(user=participant, checkpoint=first, choice_ids=[first.choices.first().pk])
        assert outcome.watched is False
        outcome = services.checkpoint_answer(user=participant, checkpoint=second, choice_ids=[second.choices.last().pk])
    assert outcome.watched is True
    assert watched_events == [(participant.pk, first.capsule.pk)]


def test_watching_a_capsule_ticks_its_link_on_the_plan(participant, django_capture_on_commit_callbacks):
    """The action plan listens to capsule_watched (its receiver is connected in its AppConfig)."""
    from unittest import mock

    checkpoint = CheckpointFactory()
    with mock.patch("action_plan.services.plan_links_tick") as tick, django_capture_on_commit_callbacks(execute=True):
        services.checkpoint_answer(user=participant, checkpoint=checkpoint, choice_ids=[checkpoint.choices.first().pk])
    tick.assert_called_once_with(user=participant, kind="capsule", object_id=checkpoint.capsule.pk)


def test_publishing_needs_a_transcript_and_captions():
    without_transcript = CapsuleFactory(status="draft", transcript="")
    with pytest.raises(ValidationError):
        services.capsule_publish(capsule=without_transcript)
    without_captions = CapsuleFactory(status="draft", with_media=False)
    with pytest.raises(ValidationError):
        services.capsule_publish(capsule=without_captions)
    ready = CapsuleFactory(status="draft")
    assert services.capsule_publish(capsule=ready).status == "published"


def test_it_links_bilingual_articles_both_ways_and_unlinks_the_previous_partner():
    french = ArticleFactory(language="fr-ca")
    english = ArticleFactory(language="en")
    other_english = ArticleFactory(language="en")
    services.article_link_translation(article=french, translation=english)
    assert Article.objects.get(pk=english.pk).translation_id == french.pk
    services.article_link_translation(article=french, translation=other_english)
    assert Article.objects.get(pk=english.pk).translation_id is None
    assert Article.objects.get(pk=other_english.pk).translation_id == french.pk
    with pytest.raises(ValidationError):
        services.article_link_translation(article=french, translation=ArticleFactory(language="fr-ca"))


def test_it_sanitises_the_article_html_when_saved():
    article = ArticleFactory(body_markdown='<script>alert(1)</script><a href="javascript:x()" onclick="y()">a</a>')
    assert "<script" not in article.body_html and "javascript:" not in article.body_html
    assert "onclick" not in article.body_html


CSV_OK = (
    "name,region_code,municipality,address,phone,website,email,services,languages\n"
    "Accueil Nord,02,Saguenay,1 rue A,418-555-0100,https://accueil.example.org,info@accueil.example.org,"
    "first_steps;individual,français\n"
    'Carrefour Sud,6,Montréal,,,,,refugees,"français, arabe"\n'
)


def test_the_csv_import_creates_then_updates_organisations_with_their_services():
    report = services.organisations_import_csv(data=CSV_OK.encode())
    assert (report.created, report.updated, report.errors) == (2, 0, [])
    nord = Organisation.objects.get(name="Accueil Nord")
    assert set(nord.services.values_list("service", flat=True)) == {"first_steps", "individual"}
    assert Organisation.objects.get(name="Carrefour Sud").region.code == "06"
    report = services.organisations_import_csv(data=CSV_OK.replace("first_steps;individual", "workplace").encode())
    assert (report.created, report.updated) == (0, 2)
    assert set(nord.services.values_list("service", flat=True)) == {"workplace"}


def test_the_csv_import_lists_each_bad_row_and_saves_nothing():
    data = CSV_OK + "Sans région,99,Laval,,,,,,\n,06,,,,pas-une-url,,inconnu,\n"
    report = services.organisations_import_csv(data=data.encode())
    lines = [line for line, _message in report.errors]
    assert lines == [4, 5]
    assert "99" in report.errors[0][1]
    assert "inconnu" in report.errors[1][1] and "site Web" in report.errors[1][1]
    assert not Organisation.objects.exists()


def test_the_csv_import_refuses_a_file_that_is_not_utf8_or_lacks_columns():
    assert services.organisations_import_csv(data=b"nom\nx\n").errors[0][0] == 1
    assert services.organisations_import_csv(data="name,région\n".encode("latin-1")).errors
