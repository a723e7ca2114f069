import datetime
import io
import zipfile

import icalendar
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Profile
from accounts.signals import onboarding_completed
from action_plan import services
from action_plan.models import PlanTask
from action_plan.unsubscribe import unsubscribe_token
from coaching.models import Assignment
from tests.accounts.factories import CoachFactory
from tests.action_plan.factories import ProfileFactory, open_start, template_with_steps
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def pdf_bytes(size: int = 1000) -> bytes:
    return b"%PDF-1.4\n" + b"0" * size + b"\n%%EOF"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def plan_with(count: int):
    profile = ProfileFactory()
    plan = services.plan_generate(profile=profile, template=template_with_steps(count), start_date=open_start())
    return plan


# --- Timeline ------------------------------------------------------------------------------------------


def test_the_timeline_shows_weeks_progress_and_tasks(owner_client, plan):
    task = plan.tasks.get(step_key="objectifs-du-parcours")
    services.task_save_draft(task=task, answer_text="x")
    services.task_submit(task=task)
    response = owner_client.get(reverse("action_plan:timeline"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Semaine 1" in html and "Semaine 11" in html
    assert "Découvrir votre région : Montréal" in html
    total = plan.tasks.count()
    assert f"1 tâche terminée sur {total}" in " ".join(html.split())


def test_the_timeline_shows_a_changed_task_at_once_and_each_language_its_own(owner_client, plan):
    """The weeks' HTML is cached under what it shows (issue 16): a change makes a new key."""
    task = plan.tasks.order_by("week", "order").first()
    url = reverse("action_plan:timeline")
    badge = f'href="{task.get_absolute_url()}">{task.title_fr}</a>'
    assert badge in owner_client.get(url).content.decode()
    assert "1 tâche terminée" not in " ".join(owner_client.get(url).content.decode().split())
    PlanTask.objects.filter(pk=task.pk).update(status=PlanTask.Status.DONE, title_fr="Un titre changé")
    html = " ".join(owner_client.get(url).content.decode().split())
    assert "Un titre changé</a>" in html and "1 tâche terminée" in html and badge not in html
    with translation.override("en"):
        english = owner_client.get(reverse("action_plan:timeline")).content.decode()
    assert "Week 1" in english and "Semaine 1" not in english


def test_the_timeline_takes_a_constant_number_of_queries(django_assert_num_queries):
    small, large = plan_with(3), plan_with(40)
    counts = []
    for plan in (small, large):
        client = client_for(plan.user)
        client.get(reverse("action_plan:timeline"))  # warm the session
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("action_plan:timeline")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    client = client_for(large.user)
    with django_assert_num_queries(counts[1]):
        client.get(reverse("action_plan:timeline"))


def test_a_participant_without_a_plan_is_told_how_to_get_one(participant):
    response = client_for(participant).get(reverse("action_plan:timeline"))
    assert response.status_code == 200
    assert "Terminez d'abord votre profil" in response.content.decode()


def test_a_participant_whose_onboarding_is_done_can_create_the_plan():
    profile = ProfileFactory()
    client = client_for(profile.user)
    assert "Créer mon plan" in client.get(reverse("action_plan:timeline")).content.decode()
    response = client.post(reverse("action_plan:refresh"))
    assert response.status_code == 302
    assert PlanTask.objects.filter(plan__user=profile.user).exists()


def test_the_timeline_shows_the_countdown_to_arrival():
    # In the participant's zone (Montréal, the default): the machine's date may be a day ahead.
    profile = ProfileFactory(
        stage=Profile.Stage.PR_VISA, arrival_date=timezone.localdate() + datetime.timedelta(days=30)
    )
    services.plan_generate(profile=profile)
    html = " ".join(client_for(profile.user).get(reverse("action_plan:timeline")).content.decode().split())
    assert "dans 30 jours" in html


# --- Task page -------------------------------------------------------------------------------------------


def test_the_task_page_takes_a_constant_number_of_queries(django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for count in (2, 30):
        plan = plan_with(count)
        task = plan.tasks.first()
        client = client_for(plan.user)
        client.get(task.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(task.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_num_queries(counts[0]):
        client.get(task.get_absolute_url())


def test_the_task_page_shows_instructions_links_and_the_form(owner_client, plan):
    task = plan.tasks.get(step_key="marche-emploi")
    html = owner_client.get(task.get_absolute_url()).content.decode()
    assert "<strong>5 offres</strong>" in html
    assert "Offres d&#x27;emploi pour votre région" in html
    assert "/emplois/?region=06&amp;category=3" in html or "bientôt disponible" in html
    assert 'name="answer_text"' in html


def test_a_participant_reading_in_english_gets_the_english_texts(owner_client, plan):
    plan.user.language = "en"
    plan.user.save(update_fields=["language"])
    task = plan.tasks.get(step_key="decouvrir-sa-region")
    html = owner_client.get("/en" + task.get_absolute_url()).content.decode()
    assert "Discover your region: Montréal" in html
    assert "Québec has <strong>17 administrative regions</strong>" in html


def test_saving_a_draft_then_submitting(owner_client, plan):
    task = plan.tasks.get(step_key="objectifs-du-parcours")
    url = task.get_absolute_url()
    response = owner_client.post(url, {"answer_text": "Mon brouillon", "action": "save"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.answer_text == "Mon brouillon" and task.status == PlanTask.Status.IN_PROGRESS
    response = owner_client.post(url, {"answer_text": "Ma réponse", "action": "submit"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == PlanTask.Status.DONE and task.answer_text == "Ma réponse"


def test_submitting_an_empty_answer_keeps_the_page_with_a_message(owner_client, plan):
    task = plan.tasks.get(step_key="objectifs-du-parcours")
    response = owner_client.post(task.get_absolute_url(), {"answer_text": "  ", "action": "submit"})
    assert response.status_code == 400
    # Once (crispy repeated the form's error under the alert), and the task is still to do.
    assert response.content.decode().count("Écrivez votre réponse avant de la remettre.") == 1
    task.refresh_from_db()
    assert task.status == PlanTask.Status.TODO and task.draft_saved_at is None


def test_a_too_long_answer_is_refused_and_what_was_typed_is_kept(owner_client, plan):
    task = plan.tasks.get(step_key="objectifs-du-parcours")
    typed = "é" * 20_001
    response = owner_client.post(task.get_absolute_url(), {"answer_text": typed, "action": "save"})
    assert response.status_code == 400
    assert typed in response.content.decode()
    task.refresh_from_db()
    assert task.answer_text == ""


def test_the_htmx_autosave_saves_the_draft(owner_client, plan):
    task = plan.tasks.get(step_key="bail-et-tal")
    response = owner_client.post(
        reverse("action_plan:task_autosave", kwargs={"pk": task.pk}), {"checked": ["0", "2"]}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Brouillon enregistré" in response.content.decode()
    assert 'aria-live="polite"' in response.content.decode()
    task.refresh_from_db()
    assert task.checklist_state == [True, False, True, False]


def test_a_pdf_is_accepted_and_served_to_its_owner(owner_client, plan):
    task = plan.tasks.get(step_key="cv-quebecois")
    upload = SimpleUploadedFile("cv.pdf", pdf_bytes(), content_type="application/pdf")
    response = owner_client.post(task.get_absolute_url(), {"file": upload, "action": "submit"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == PlanTask.Status.DONE and task.file_name == "cv.pdf"
    response = owner_client.get(reverse("action_plan:task_file", kwargs={"pk": task.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]


def test_a_docx_is_accepted_by_its_content(owner_client, plan):
    task = plan.tasks.get(step_key="cv-quebecois")
    upload = SimpleUploadedFile("cv.docx", docx_bytes(), content_type="application/octet-stream")
    assert owner_client.post(task.get_absolute_url(), {"file": upload, "action": "save"}).status_code == 302
    task.refresh_from_db()
    assert task.file_name == "cv.docx"


@pytest.mark.parametrize(
    "name, content",
    [
        ("cv.pdf", b"MZ\x90\x00 this is a program renamed to pdf"),
        ("cv.docx", b"PK\x03\x04 not really a zip"),
        ("cv.txt", b"plain text"),
    ],
)
def test_a_file_that_is_not_really_a_pdf_or_docx_is_refused(owner_client, plan, name, content):
    task = plan.tasks.get(step_key="cv-quebecois")
    response = owner_client.post(
        task.get_absolute_url(), {"file": SimpleUploadedFile(name, content, content_type="application/pdf")}
    )
    assert response.status_code == 400
    assert "ni un PDF ni un document Word" in response.content.decode()
    task.refresh_from_db()
    assert not task.file


def test_a_file_over_the_size_limit_is_refused(owner_client, plan):
    task = plan.tasks.get(step_key="cv-quebecois")
    task.max_file_bytes = 1024 * 1024
    task.save()
    upload = SimpleUploadedFile("cv.pdf", pdf_bytes(1_600_000))
    response = owner_client.post(task.get_absolute_url(), {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    # One unit, "Mo", in the error as in the help text (filesizeformat said "Mio").
    assert "Le fichier pèse 1,5 Mo : la limite est de 1 Mo." in html and "Mio" not in html
    assert "Taille maximale : 1 Mo." in html


def test_files_are_stored_outside_the_web_root(owner_client, plan, settings):
    task = plan.tasks.get(step_key="cv-quebecois")
    owner_client.post(task.get_absolute_url(), {"file": SimpleUploadedFile("cv.pdf", pdf_bytes())})
    task.refresh_from_db()
    path = task.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT) + "/")
    assert not path.startswith(str(settings.STATIC_ROOT))


# --- Settings, refresh, exports -----------------------------------------------------------------------------


def test_changing_the_start_date_moves_the_tasks(owner_client, plan):
    task = plan.tasks.get(step_key="budget-region")
    response = owner_client.post(
        reverse("action_plan:settings"), {"start_date": "2026-12-07", "reminders_enabled": "on"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.opens_on == datetime.date(2026, 12, 14)


def test_a_bad_start_date_gets_a_message_next_to_the_field(owner_client, plan):
    response = owner_client.post(reverse("action_plan:settings"), {"start_date": "31/31/2026"})
    assert response.status_code == 400
    assert 'value="31/31/2026"' in response.content.decode()
    assert "invalid-feedback" in response.content.decode()


def test_refresh_keeps_answers_and_takes_the_profile_into_account(owner_client, plan):
    task = plan.tasks.get(step_key="budget-region")
    services.task_save_draft(task=task, answer_text="Mon budget")
    profile = plan.user.profile
    profile.household = Profile.Household.WITH_CHILDREN
    profile.save()
    page = owner_client.get(reverse("action_plan:refresh"))
    assert "Établir un budget mensuel" in page.content.decode()
    assert owner_client.post(reverse("action_plan:refresh")).status_code == 302
    assert plan.tasks.filter(step_key="inscription-ecole").exists()
    assert plan.tasks.get(step_key="budget-region").answer_text == "Mon budget"


def test_the_calendar_export_lists_weeks_and_due_dates(owner_client, plan):
    response = owner_client.get(reverse("action_plan:calendar"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 11 + plan.tasks.count()
    first = events[0]
    assert first.decoded("dtstart") == plan.start_date
    summaries = [str(event["summary"]) for event in events]
    assert "À remettre : Fixer vos objectifs pour les 11 semaines" in summaries


def test_the_printable_page_has_the_whole_plan_with_answers(owner_client, plan):
    task = plan.tasks.get(step_key="budget-region")
    services.task_save_draft(task=task, answer_text="Loyer 1 100 $ à Rosemont")
    response = owner_client.get(reverse("action_plan:print"))
    html = response.content.decode()
    assert "Loyer 1 100 $ à Rosemont" in html
    assert "Semaine 11" in html
    assert "action_plan/print" in html and "print" in html


# --- Review ---------------------------------------------------------------------------------------------------


@pytest.fixture
def submitted(plan):
    plan.accompanied = True
    plan.save()
    coach = CoachFactory()
    Assignment.objects.create(participant=plan.user, coach=coach)
    tasks = []
    for key in ("objectifs-du-parcours", "decouvrir-sa-region"):
        task = plan.tasks.get(step_key=key)
        services.task_save_draft(task=task, answer_text=f"Réponse {key}")
        services.task_submit(task=task)
        tasks.append(task)
    return tasks, coach


def test_the_review_page_lists_submitted_deliverables_oldest_first(submitted):
    tasks, coach = submitted
    response = client_for(coach).get(reverse("action_plan:review_list"))
    html = response.content.decode()
    assert html.index(tasks[0].title_fr) < html.index(tasks[1].title_fr)


def test_the_review_list_shows_what_changed_since_it_was_cached(submitted):
    # Its rows are cached under a digest of what they show (action_plan/templatetags/review_queue.py).
    tasks, coach = submitted
    client = client_for(coach)
    url = reverse("action_plan:review_list")
    assert tasks[1].title_fr in client.get(url).content.decode()
    participant = tasks[0].plan.user
    participant.display_name = "Nom changé après coup"
    participant.save(update_fields=["display_name"])
    PlanTask.objects.filter(pk=tasks[1].pk).update(status=PlanTask.Status.DONE)

    html = client.get(url).content.decode()
    assert "Nom changé après coup" in html
    assert tasks[1].title_fr not in html and tasks[0].title_fr in html


def test_the_review_list_takes_a_constant_number_of_queries(submitted, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tasks, coach = submitted
    client = client_for(coach)
    client.get(reverse("action_plan:review_list"))
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("action_plan:review_list"))
    other = ProfileFactory(mode=Profile.Mode.ACCOMPANIED)
    plan = services.plan_generate(profile=other, start_date=open_start())
    Assignment.objects.create(participant=other.user, coach=coach)
    for task in plan.tasks.filter(deliverable_type="text")[:5]:
        services.task_save_draft(task=task, answer_text="x")
        services.task_submit(task=task)
    with django_assert_num_queries(len(first)):
        client.get(reverse("action_plan:review_list"))


def test_a_coach_approves_and_the_participant_is_notified(submitted, django_capture_on_commit_callbacks):
    tasks, coach = submitted
    client = client_for(coach)
    url = reverse("action_plan:review_task", kwargs={"pk": tasks[0].pk})
    assert "Réponse objectifs-du-parcours" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "approved", "comment": "Bravo"})
    assert response.status_code == 302
    tasks[0].refresh_from_db()
    assert tasks[0].status == PlanTask.Status.DONE
    assert mail.outbox[0].to == [tasks[0].plan.user.email]


def test_requesting_changes_without_a_comment_is_refused_next_to_the_field(submitted):
    tasks, coach = submitted
    url = reverse("action_plan:review_task", kwargs={"pk": tasks[0].pk})
    response = client_for(coach).post(url, {"decision": "changes_requested", "comment": ""})
    assert response.status_code == 400
    assert "Expliquez les modifications demandées." in response.content.decode()
    tasks[0].refresh_from_db()
    assert tasks[0].status == PlanTask.Status.SUBMITTED


def test_the_participant_sees_the_coachs_comment_and_can_work_again(submitted, owner_client):
    tasks, coach = submitted
    services.task_review(task=tasks[0], coach=coach, decision="changes_requested", comment="Ajoutez des dates.")
    html = owner_client.get(tasks[0].get_absolute_url()).content.decode()
    assert "Ajoutez des dates." in html
    assert 'name="answer_text"' in html


# --- Unsubscribe -------------------------------------------------------------------------------------------------


def test_the_unsubscribe_link_works_without_logging_in(plan):
    url = reverse("action_plan:unsubscribe", kwargs={"token": unsubscribe_token(plan)})
    client = Client(enforce_csrf_checks=True)
    assert client.get(url).status_code == 200
    plan.refresh_from_db()
    assert plan.reminders_enabled  # following the link alone changes nothing
    assert client.post(url).status_code == 200
    plan.refresh_from_db()
    assert not plan.reminders_enabled


def test_a_forged_unsubscribe_token_is_refused(plan):
    url = reverse("action_plan:unsubscribe", kwargs={"token": "eyJwbGFuIjoxfQ:forged"})
    assert Client().post(url).status_code == 404
    plan.refresh_from_db()
    assert plan.reminders_enabled


# --- Dashboard block ---------------------------------------------------------------------------------------------


def test_the_dashboard_block_shows_the_next_tasks_in_constant_queries(plan, django_assert_num_queries):
    from action_plan.selectors import dashboard_block_context

    # One query while there are tasks to show (issue 16: the plan's row was read first).
    with django_assert_num_queries(1):
        context = dashboard_block_context(plan.user, None)
    assert len(context["next_plan_tasks"]) == 3 and context["plan_exists"]
    big = plan_with(40)
    with django_assert_num_queries(1):
        dashboard_block_context(big.user, None)


def test_the_dashboard_block_tells_no_plan_from_nothing_open(plan, django_assert_num_queries):
    from action_plan.selectors import dashboard_block_context

    plan.tasks.update(status=PlanTask.Status.DONE)
    with django_assert_num_queries(2):
        context = dashboard_block_context(plan.user, None)
    assert context == {"plan_exists": True, "next_plan_tasks": []}
    assert dashboard_block_context(ProfileFactory().user, None) == {"plan_exists": False, "next_plan_tasks": []}


def visible_titles(user) -> str:
    return " ".join(client_for(user).get(reverse("action_plan:timeline")).content.decode().split())


def test_done_when_a_regulated_participant_in_capitale_nationale_and_a_non_regulated_one_abroad_see_different_plans():
    from tests.action_plan.factories import occupation, region

    nurse = ProfileFactory(
        stage=Profile.Stage.ARRIVED, region=region("03"), occupation=occupation("3"), occupation_regulated=True
    )
    abroad = ProfileFactory(
        stage=Profile.Stage.CSQ_RECEIVED, region=region("08"), occupation=occupation("7"), occupation_regulated=False
    )
    for profile in (nurse, abroad):
        onboarding_completed.send(sender=Profile, profile=profile)
    nurse_page, abroad_page = visible_titles(nurse.user), visible_titles(abroad.user)
    assert "Découvrir votre région : Capitale-Nationale" in nurse_page
    assert "Prendre contact avec votre ordre professionnel" in nurse_page
    assert "Rassembler vos documents originaux avant le départ" not in nurse_page
    assert "Découvrir votre région : Abitibi-Témiscamingue" in abroad_page
    assert "Rassembler vos documents originaux avant le départ" in abroad_page
    assert "Ce que les employeurs attendent dans votre domaine" in abroad_page
    assert "Prendre contact avec votre ordre professionnel" not in abroad_page


def test_done_when_the_whole_cycle_works_generate_answer_submit_review_done_reminders_exports(
    django_capture_on_commit_callbacks,
):
    profile = ProfileFactory(mode=Profile.Mode.ACCOMPANIED)
    coach = CoachFactory()
    Assignment.objects.create(participant=profile.user, coach=coach)
    onboarding_completed.send(sender=Profile, profile=profile)  # generate
    plan = profile.user.action_plan
    services.plan_reschedule(plan=plan, start_date=open_start())
    me, them = client_for(profile.user), client_for(coach)
    task = plan.tasks.get(step_key="budget-region")

    me.post(reverse("action_plan:task_autosave", kwargs={"pk": task.pk}), {"answer_text": "Loyer 1 300 $"})  # answer
    me.post(task.get_absolute_url(), {"answer_text": "Loyer 1 300 $, total 3 100 $", "action": "submit"})  # submit
    task.refresh_from_db()
    assert task.status == PlanTask.Status.SUBMITTED
    review_url = reverse("action_plan:review_task", kwargs={"pk": task.pk})
    with django_capture_on_commit_callbacks(execute=True):
        them.post(review_url, {"decision": "changes_requested", "comment": "Ajoutez le transport."})  # review
    me.post(task.get_absolute_url(), {"answer_text": "… et 100 $ de transport", "action": "submit"})
    with django_capture_on_commit_callbacks(execute=True):
        them.post(review_url, {"decision": "approved", "comment": ""})
    task.refresh_from_db()
    assert task.status == PlanTask.Status.DONE  # done
    assert [message.to for message in mail.outbox] == [[profile.user.email]] * 2

    week = plan.start_date + datetime.timedelta(weeks=10)
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.reminders_send_due(now=timezone.make_aware(datetime.datetime.combine(week, datetime.time(9))))
    assert sent == 1
    assert "Approuvé" in mail.outbox[-1].body  # reminders, with the feedback received

    assert b"BEGIN:VCALENDAR" in me.get(reverse("action_plan:calendar")).content  # exports
    assert "et 100 $ de transport" in me.get(reverse("action_plan:print")).content.decode()
