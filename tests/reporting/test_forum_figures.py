"""The forum's figures in the reports: questions answered within 48 hours, who answered first and
how fast, per region, small cells hidden. Every post is written at a fixed moment (time_machine)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from forum.models import Post
from reporting.selectors import ReportFilters, report_build
from tests.accounts.factories import CoachFactory, ParticipantFactory
from tests.accounts.profile_factories import region
from tests.action_plan.factories import ProfileFactory
from tests.forum.factories import approved_reply, approved_topic

pytestmark = pytest.mark.django_db

MONDAY = datetime.datetime(2026, 3, 2, 14, 0, tzinfo=datetime.UTC)
MARCH = ReportFilters(start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31))


@pytest.fixture(autouse=True)
def no_report_cache(settings):
    settings.REPORTING_CACHE_SECONDS = 0
    settings.FORUM_APPROVAL_POSTS = 0


def asker_in(code: str):
    with time_machine.travel(MONDAY - datetime.timedelta(days=30)):
        user = ParticipantFactory()
        ProfileFactory(user=user, region=region(code))
    return user


def question(asker, *, minute: int, answers=(), title="Une question"):
    """A question asked at MONDAY + `minute`, then each (author, hours after the question, hidden)."""
    asked_at = MONDAY + datetime.timedelta(minutes=minute)
    with time_machine.travel(asked_at, tick=False):
        topic = approved_topic(asker, title=f"{title} {minute}", is_question=True)
    for author, hours, hidden in answers:
        with time_machine.travel(asked_at + datetime.timedelta(hours=hours), tick=False):
            post = approved_reply(author, topic, body=f"Réponse de {author.pk} après {hours} h sur {minute}.")
        if hidden:
            Post.objects.filter(pk=post.pk).update(is_hidden=True)
    return topic


@pytest.fixture
def forum_questions():
    """Montréal (06): 7 questions: 5 answered by a coach within 48 h (1, 2, 3, 4, 10 h), 1 by a
    peer after 80 h, 1 with only the asker's own reply and a hidden reply. Québec (03): 1 answered
    by a peer in 6 h. Left out: a discussion (not a question) and a question asked in February."""
    coach, peer = CoachFactory(), asker_in("06")
    montreal = [asker_in("06") for _ in range(7)]
    for index, hours in enumerate((1, 2, 3, 4, 10)):
        question(montreal[index], minute=index, answers=[(coach, hours, False)])
    question(montreal[5], minute=5, answers=[(peer, 80, False)])
    question(montreal[6], minute=6, answers=[(montreal[6], 1, False), (coach, 2, True)])
    question(asker_in("03"), minute=7, answers=[(peer, 6, False)])
    with time_machine.travel(MONDAY, tick=False):
        approved_reply(coach, approved_topic(montreal[0], title="Pas une question"))
    with time_machine.travel(MONDAY - datetime.timedelta(days=10), tick=False):
        approved_reply(coach, approved_topic(montreal[1], title="Février", is_question=True))
    return montreal


def rows_of(report, key):
    return {line[0][:5]: line[1:] for line in report.table(key).text_rows()}


def test_questions_are_counted_by_region_with_answers_within_48_hours(forum_questions, settings):
    settings.REPORTING_SMALL_CELL = 1  # nothing hidden: the counts themselves
    rows = rows_of(report_build(filters=MARCH), "forum_questions")
    assert rows["06 – "] == ["5", "1", "1", "7"]
    assert rows["03 – "] == ["1", "0", "0", "1"]
    assert rows["Total"] == ["6", "1", "1", "8"]
    assert "75 %" in report_build(filters=MARCH).table("forum_questions").note


def test_who_answered_first_and_the_median_delay(forum_questions, settings):
    settings.REPORTING_SMALL_CELL = 1
    rows = rows_of(report_build(filters=MARCH), "forum_first_answer")
    assert rows["Une p"] == ["5", "3,0"]  # a coach: 1, 2, 3, 4, 10 hours
    assert rows["Une a"] == ["2", "43,0"]  # a peer: 6 and 80 hours
    assert rows["Total"] == ["7", "4,0"]  # 1, 2, 3, 4, 6, 10, 80


def test_the_region_filter_keeps_only_its_askers(forum_questions, settings):
    settings.REPORTING_SMALL_CELL = 1
    filters = ReportFilters(start=MARCH.start, end=MARCH.end, region_id=region("03").pk)
    rows = rows_of(report_build(filters=filters), "forum_questions")
    assert rows == {"03 – ": ["1", "0", "0", "1"], "Total": ["1", "0", "0", "1"]}


def test_small_cells_are_hidden_and_cannot_be_recovered_by_subtraction(forum_questions):
    report = report_build(filters=MARCH)
    rows = rows_of(report, "forum_questions")
    first = rows_of(report, "forum_first_answer")
    # Montréal: 1 answered later and 1 waiting are small; Québec's single question too. The 48 h
    # column then holds one small cell (Québec's 1): Montréal's 5 is hidden too, and so is
    # Montréal's total (8 - 7 would give Québec's 1).
    assert rows["06 – "] == ["x", "x", "x", "x"]
    assert rows["03 – "] == ["x", "0", "0", "x"]
    # Who answered first: two peers (small), so the coaches' 5 is hidden too (7 - 5 = 2), medians with them.
    assert first["Une a"] == ["x", "—"]
    assert first["Une p"] == ["x", "—"]
    assert first["Total"] == ["7", "4,0"]
    # Across the tables: 7 answered here = answered in 48 h + later there; with "later" hidden,
    # showing the 6 would give it back (7 - 6 = 1): the 6 is hidden, and the share with it.
    assert rows["Total"] == ["x", "x", "x", "8"]
    assert "%" not in report.table("forum_questions").note


def test_the_forum_tables_are_on_the_page_and_in_csv(forum_questions, client, ministry_admin, settings):
    client.force_login(ministry_admin)
    query = {"start": "2026-03-01", "end": "2026-03-31"}
    page = client.get(reverse("reporting:reports"), query)
    assert "Questions du forum et réponses en 48 heures, par région" in page.content.decode()
    response = client.get(reverse("reporting:report_csv", kwargs={"key": "forum_questions"}), query)
    text = response.content.decode("utf-8-sig")
    assert "Répondues en 48 h" in text
    assert "06 – Montréal;x;x;x;x" in text
