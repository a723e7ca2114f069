"""The forum in a browser: a participant asks the coaches a question (with a preview), another
participant replies, the first sees the notification count change without reloading (websocket),
the coach marks the answer, and a flag goes through the moderation queue. axe on each page."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from forum.models import Flag, ModerationAction, Post, Topic
from tests.accounts.factories import CoachFactory, ParticipantFactory
from tests.e2e.test_journey_plan import signed_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def people(transactional_db, settings):
    settings.FORUM_APPROVAL_POSTS = 0  # approval has its own tests (tests/forum/test_moderation.py)
    return (
        ParticipantFactory(display_name="Amina"),
        ParticipantFactory(display_name="Sami"),
        CoachFactory(display_name="Julie"),
    )


def test_a_question_answered_live_marked_and_a_flag_through_the_queue(browser, live_url, people, check_accessibility):
    amina, sami, julie = people
    asker = signed_in(browser, live_url, amina).new_page()
    asker.goto("/forum/")
    expect(asker.get_by_role("heading", level=1)).to_have_text("Forum d'échanges")
    check_accessibility(asker)
    asker.get_by_role("link", name="Questions aux personnes-ressources").click()
    check_accessibility(asker)
    asker.get_by_role("link", name="Nouveau sujet").click()
    asker.get_by_label("Titre").fill("Reconnaissance de mon diplôme d'infirmière")
    asker.get_by_label("C'est une question").check()
    asker.get_by_label("Message").fill("Par où **commencer** avant d'arriver ?")
    asker.get_by_role("button", name="Aperçu").click()
    expect(asker.locator("#id_body-preview strong")).to_have_text("commencer")
    check_accessibility(asker)
    asker.get_by_role("button", name="Publier").click()
    expect(asker.get_by_role("heading", level=1)).to_have_text("Reconnaissance de mon diplôme d'infirmière")
    check_accessibility(asker)
    topic = Topic.objects.get()
    # The page's script has opened the notifications socket.
    expect(asker.locator("[data-forum-notifications]")).to_have_attribute("data-live", "true")
    expect(asker.locator("[data-forum-count]")).to_be_hidden()

    # Sami replies from his own browser.
    replier = signed_in(browser, live_url, sami).new_page()
    replier.goto(topic.get_absolute_url())
    replier.get_by_label("Message").fill("Commencez par l'Ordre des infirmières et infirmiers du Québec.")
    replier.get_by_role("button", name="Publier la réponse").click()
    expect(replier.locator("article", has_text="Ordre des infirmières")).to_be_visible()

    # Amina's page, never reloaded, shows the new count.
    expect(asker.locator("[data-forum-count]")).to_have_text("1")
    expect(asker.locator("[data-forum-count-label]")).to_have_text("1 notification non lue")
    asker.get_by_role("link", name="Notifications").click()
    expect(asker.get_by_text("Sami a répondu dans")).to_be_visible()
    check_accessibility(asker)

    # The coach marks Sami's reply as the answer; it shows under the question.
    coach = signed_in(browser, live_url, julie).new_page()
    coach.goto(topic.get_absolute_url())
    coach.get_by_role("button", name="Retenir comme réponse").click()
    expect(coach.get_by_role("heading", name="Réponse retenue, de Sami")).to_be_visible()
    check_accessibility(coach)
    assert Topic.objects.get().accepted_post == Post.objects.get(number=2)

    # Amina flags a reply; the coach finds it in the queue and dismisses the flag, logged.
    replier.goto(topic.get_absolute_url())
    replier.get_by_label("Message").fill("Et voici mon numéro de téléphone personnel : 555-0100.")
    replier.get_by_role("button", name="Publier la réponse").click()
    flagged = Post.objects.get(number=3)
    asker.goto(topic.get_absolute_url())
    asker.locator("#message-3").get_by_role("link", name="Signaler").click()
    check_accessibility(asker)
    asker.get_by_label("Renseignements personnels visibles").check()
    asker.get_by_role("button", name="Signaler").click()
    expect(asker.get_by_text("Merci : l'équipe de modération va regarder ce message.")).to_be_visible()
    assert Flag.objects.get().post == flagged

    coach.goto("/forum/moderation/")
    expect(coach.get_by_text("Renseignements personnels visibles")).to_be_visible()
    check_accessibility(coach)
    coach.get_by_label("Motif").fill("Numéro retiré par l'auteur")
    coach.get_by_role("button", name="Masquer").click()
    expect(coach.get_by_text("Aucun message signalé.")).to_be_visible()
    assert Post.objects.get(pk=flagged.pk).is_hidden
    coach.goto("/forum/moderation/journal/")
    expect(coach.get_by_text("Numéro retiré par l'auteur")).to_be_visible()
    check_accessibility(coach)
    assert ModerationAction.objects.get().moderator == User.objects.get(pk=julie.pk)

    # The hidden post is gone for participants.
    replier.goto(topic.get_absolute_url())
    expect(replier.get_by_text("555-0100")).to_have_count(0)
