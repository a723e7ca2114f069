"""Who may open every URL pattern of the project, and what each person must get.

Every named URL pattern must have a row here: tests/security/test_url_table.py walks the
project's URL resolver and fails on a pattern that has none, so no new page escapes the table.

A row is `"namespace:name": Rule(...)`. Expected outcomes per person:
- an HTTP status (200, 403, 404, 405, …);
- LOGIN: a redirect to the login page;
- REDIRECT: any redirect (3xx) that is not to the login page;
- SKIP: not requested for that person (say why in `note`).
`kwargs(world)` builds the URL's arguments; it may create the objects it needs for `world.owner`
(the participant who owns the object). `method` is the HTTP method tried (GET by default);
for POST-only pages, the row checks that nobody but the right person can post.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

LOGIN = "login"
REDIRECT = "redirect"
SKIP = "skip"


@dataclass(frozen=True)
class Rule:
    anonymous: object
    owner: object
    other_participant: object
    coach: object
    admin: object
    kwargs: Callable | None = None
    method: str = "GET"
    data: dict = field(default_factory=dict)
    note: str = ""


def everyone(outcome: object, **extra) -> Rule:
    return Rule(outcome, outcome, outcome, outcome, outcome, **extra)


def signed_in_only(outcome: object = 200, **extra) -> Rule:
    return Rule(LOGIN, outcome, outcome, outcome, outcome, **extra)


def participants_only(**extra) -> Rule:
    return Rule(LOGIN, 200, 200, 403, 403, **extra)


def owner_interview(world) -> dict:
    """An interview of the owner with the coach of the table (the owner's coach)."""
    from tests.coaching.factories import InterviewFactory

    assign_owner_to_coach(world)
    return {"interview_id": InterviewFactory(participant=world.owner, coach=world.coach).pk}


def interview_member_rule(ok: object, **extra) -> Rule:
    """Only the interview's participant (the owner) and its coach; anyone else gets 404."""
    return Rule(LOGIN, ok, 404, ok, 404, kwargs=owner_interview, **extra)


def _coach_weekly_hours(world) -> dict:
    from coaching.models import WeeklyHours

    hours = WeeklyHours.objects.create(coach=world.coach, weekday=1, start_time="09:00", end_time="10:00")
    return {"hours_id": hours.pk}


def _coach_exception(world) -> dict:
    from coaching.models import AvailabilityException

    return {"exception_id": AvailabilityException.objects.create(coach=world.coach, date="2030-01-01").pk}


def anonymous_only_page(**extra) -> Rule:
    """allauth's entrance pages: shown to visitors, redirect people already signed in."""
    return Rule(200, REDIRECT, REDIRECT, REDIRECT, REDIRECT, **extra)


def assign_owner_to_coach(world):
    from coaching.services import assignment_create

    assignment_create(participant=world.owner, coach=world.coach)
    return world.owner


def _open_interview_of(world):
    from tests.coaching.room_helpers import open_interview

    return open_interview(participant=world.owner, coach=world.coach)


# Websocket routes: who may hold each one, tried in the test file named (4401 anonymous, 4403
# anyone but its members or staff without two-factor, refused handshake for a foreign Origin).
WEBSOCKET_ROUTES = {
    "/ws/notifications/": "tests/foundation/test_real_services.py",
    "/ws/entrevues/<int:interview_id>/": "tests/coaching/test_room_consumer.py",
}


# Patterns reached only by other methods than GET, or by links carrying keys from emails,
# are exercised by their own tests; the row then says so and the table still lists them.
URL_RULES: dict[str, Rule] = {
    # --- Site -------------------------------------------------------------------------------
    "home": everyone(200),
    "healthz": everyone(200),
    "favicon": everyone(REDIRECT),
    "readyz": everyone(200),
    "set_language": everyone(REDIRECT, method="POST", data={"language": "en", "next": "/"}),
    "javascript-catalog": everyone(200),
    # --- allauth ----------------------------------------------------------------------------
    "account_signup": anonymous_only_page(),
    "account_login": anonymous_only_page(),
    "account_logout": Rule(REDIRECT, 200, 200, 200, 200),
    "account_reauthenticate": Rule(LOGIN, 200, 200, 200, 200),
    "account_change_password": signed_in_only(200),
    "account_set_password": signed_in_only(REDIRECT, note="users with a password are sent to change it"),
    "account_inactive": everyone(200),
    "account_email": signed_in_only(200),
    "account_email_verification_sent": everyone(200),
    "account_confirm_email": everyone(
        200, kwargs=lambda world: {"key": "not-a-real-key"}, note="an unknown key shows the 'invalid link' page"
    ),
    "account_reset_password": everyone(200),
    "account_reset_password_done": everyone(200),
    "account_reset_password_from_key": everyone(
        200, kwargs=lambda world: {"uidb36": "0", "key": "not-a-real-key"}, note="bad token page"
    ),
    "account_reset_password_from_key_done": everyone(200),
    "account_confirm_login_code": Rule(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, note="no code pending"),
    "mfa_index": signed_in_only(200),
    "mfa_authenticate": Rule(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, note="no second factor pending"),
    "mfa_reauthenticate": Rule(LOGIN, REDIRECT, REDIRECT, 200, 200, note="staff have a second factor to give"),
    "mfa_activate_totp": signed_in_only(REDIRECT, note="asks to re-enter the password first"),
    "mfa_deactivate_totp": Rule(
        LOGIN, 404, 404, REDIRECT, REDIRECT, note="only when TOTP is active (staff): asks to re-enter the password"
    ),
    "mfa_view_recovery_codes": signed_in_only(404, note="only once codes exist"),
    "mfa_download_recovery_codes": signed_in_only(404, note="only once codes exist"),
    "mfa_generate_recovery_codes": signed_in_only(REDIRECT, note="only once TOTP is active"),
    "usersessions_list": signed_in_only(200),
    # --- accounts ---------------------------------------------------------------------------
    "accounts:home": Rule(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "accounts:dashboard": Rule(
        LOGIN, 200, 200, 403, 403, kwargs=lambda world: _onboarded(world), note="onboarded participants only"
    ),
    # --- accounts: onboarding and the participant's own profile (no id in URLs) ------------
    "accounts:onboarding": Rule(LOGIN, REDIRECT, REDIRECT, 403, 403, note="sends a participant to their next step"),
    "accounts:onboarding_step": participants_only(
        kwargs=lambda world: {"step": "situation"}, note="each participant fills in their own profile"
    ),
    "accounts:profile": Rule(
        LOGIN, 200, 200, 403, 403, kwargs=lambda world: _onboarded(world), note="always one's own profile"
    ),
    "accounts:profile_edit": Rule(
        LOGIN,
        200,
        200,
        403,
        403,
        kwargs=lambda world: {"section": "occupation", **_onboarded(world)},
        note="always one's own profile; coaches read it through coaching/",
    ),
    "accounts:occupation_search": participants_only(note="the occupation picker's suggestions"),
    # --- accounts: privacy (Law 25) ---------------------------------------------------------
    "accounts:consent": Rule(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, note="nothing left to accept: sent on"),
    "accounts:privacy_export": signed_in_only(200, note="each person sees only their own data"),
    "accounts:privacy_export_json": signed_in_only(200, note="each person downloads only their own data"),
    "accounts:account_delete": participants_only(note="staff accounts are closed by admins"),
    "accounts:logout_everywhere": everyone(
        LOGIN, method="POST", note="ends every session of the person who posts, then the login page"
    ),
    "legal:terms": everyone(200),
    "legal:privacy": everyone(200),
    # --- coaching ---------------------------------------------------------------------------
    "coaching:dashboard": Rule(LOGIN, 403, 403, 200, 403),
    "coaching:participant_detail": Rule(
        LOGIN,
        403,
        403,
        200,
        403,
        kwargs=lambda world: {"participant_id": assign_owner_to_coach(world).pk},
        note="the owner is assigned to the coach; a coach not assigned gets 404 (tests/coaching)",
    ),
    "coaching:interview_room": Rule(
        LOGIN,
        200,
        404,
        200,
        404,
        kwargs=lambda world: {"interview_id": _open_interview_of(world).pk},
        note="an open interview between the owner and the coach; its websocket's cases are in "
        "tests/coaching/test_room_consumer.py (WEBSOCKET_ROUTES below)",
    ),
    "coaching:interview_record": Rule(
        LOGIN,
        200,
        404,
        200,
        404,
        kwargs=lambda world: {"interview_id": _open_interview_of(world).pk},
        note="only the coach may post the summary (tests/coaching/test_room_views.py)",
    ),
    "coaching:availability": Rule(LOGIN, 403, 403, 200, 403),
    "coaching:weekly_hours_delete": Rule(
        LOGIN,
        403,
        403,
        REDIRECT,
        403,
        method="POST",
        kwargs=_coach_weekly_hours,
        note="another coach's hours: 404 (tests/coaching/test_booking_views.py)",
    ),
    "coaching:exception_delete": Rule(
        LOGIN,
        403,
        403,
        REDIRECT,
        403,
        method="POST",
        kwargs=_coach_exception,
        note="another coach's exception: 404 (tests/coaching/test_booking_views.py)",
    ),
    "coaching:interviews": participants_only(),
    "coaching:interview_detail": interview_member_rule(200),
    "coaching:interview_reschedule": interview_member_rule(200),
    "coaching:interview_cancel": interview_member_rule(REDIRECT, method="POST"),
    "coaching:interview_ics": interview_member_rule(200),
    # --- job_feed -----------------------------------------------------------------------------
    "job_feed:offer_list": signed_in_only(200),
    "job_feed:offer_detail": signed_in_only(200, kwargs=lambda world: {"pk": _job_offer().pk}),
    "job_feed:saved_offer_list": participants_only(),
    "job_feed:offer_save": Rule(
        LOGIN,
        REDIRECT,
        REDIRECT,
        403,
        403,
        method="POST",
        kwargs=lambda world: {"pk": _job_offer().pk},
        note="a participant saves for themself only (tests/job_feed/test_permissions.py)",
    ),
    "job_feed:offer_unsave": Rule(
        LOGIN,
        REDIRECT,
        REDIRECT,
        403,
        403,
        method="POST",
        kwargs=lambda world: {"pk": _saved_offer(world.owner).offer_id},
        note="another participant's post removes nothing of the owner's (tests/job_feed/test_permissions.py)",
    ),
    "job_feed:sample_feed": everyone(200, note="the bundled sample feed, fictitious offers"),
    # --- forum ------------------------------------------------------------------------------
    # Every signed-in person reads and writes; moderation is for holders of forum.moderate_forum
    # (coaches, ministry admins). Forbidden actions on others' posts: tests/forum/test_permissions.py.
    "forum:index": signed_in_only(200),
    "forum:search": signed_in_only(200, note="with ?q=… in tests/forum/test_search.py"),
    "forum:preview": signed_in_only(200, method="POST", data={"body": "**aperçu**"}),
    "forum:mark_all_read": signed_in_only(REDIRECT, method="POST"),
    "forum:notifications": signed_in_only(200),
    "forum:notification_count": signed_in_only(200),
    "forum:notifications_read": signed_in_only(REDIRECT, method="POST"),
    "forum:preferences": signed_in_only(200),
    "forum:digest_unsubscribe": everyone(
        200, kwargs=lambda world: {"token": _forum_unsubscribe_token(world)}, note="signed link, works logged out"
    ),
    "forum:moderation": Rule(LOGIN, 403, 403, 200, 200),
    "forum:moderation_log": Rule(LOGIN, 403, 403, 200, 200),
    "forum:coach_queue": Rule(LOGIN, 403, 403, 200, 200),
    "forum:user_moderate": Rule(LOGIN, 403, 403, 200, 200, kwargs=lambda world: {"user_id": world.owner.pk}),
    "forum:category": signed_in_only(200, kwargs=lambda world: {"slug": "general"}),
    "forum:topic_create": signed_in_only(200, kwargs=lambda world: {"slug": "general"}),
    "forum:category_level": signed_in_only(
        REDIRECT, method="POST", data={"level": "3"}, kwargs=lambda world: {"slug": "general"}
    ),
    "forum:topic": signed_in_only(200, kwargs=lambda world: {"pk": _forum_topic(world).pk}),
    "forum:topic_unread": signed_in_only(REDIRECT, kwargs=lambda world: {"pk": _forum_topic(world).pk}),
    "forum:reply": signed_in_only(
        REDIRECT, method="POST", data={"body": "Ma réponse."}, kwargs=lambda world: {"pk": _forum_topic(world).pk}
    ),
    "forum:topic_level": signed_in_only(
        REDIRECT, method="POST", data={"level": "0"}, kwargs=lambda world: {"pk": _forum_topic(world).pk}
    ),
    "forum:topic_moderate": Rule(
        LOGIN,
        403,
        403,
        REDIRECT,
        REDIRECT,
        method="POST",
        data={"action": "pin"},
        kwargs=lambda world: {"pk": _forum_topic(world).pk},
    ),  # fmt: skip
    "forum:post": signed_in_only(REDIRECT, kwargs=lambda world: {"pk": _forum_owner_reply(world).pk}),
    "forum:post_edit": Rule(
        LOGIN,
        200,
        404,
        200,
        200,
        kwargs=lambda world: {"pk": _forum_owner_reply(world).pk},
        note="the author within 24 h, or a moderator",
    ),  # fmt: skip
    "forum:post_delete": Rule(
        LOGIN,
        REDIRECT,
        404,
        404,
        404,
        method="POST",
        kwargs=lambda world: {"pk": _forum_owner_reply(world).pk},
        note="only the author deletes (soft delete)",
    ),  # fmt: skip
    "forum:post_history": Rule(
        LOGIN, 403, 403, 200, 200, kwargs=lambda world: {"pk": _forum_owner_reply(world).pk}, note="moderators"
    ),
    "forum:post_accept": Rule(
        LOGIN,
        REDIRECT,
        403,
        REDIRECT,
        REDIRECT,
        method="POST",
        kwargs=lambda world: {"pk": _forum_answer_to_owner(world).pk},
        note="the asker, a coach or a moderator marks the answer",
    ),  # fmt: skip
    "forum:post_flag": signed_in_only(200, kwargs=lambda world: {"pk": _forum_owner_reply(world).pk}),
    "forum:post_moderate": Rule(
        LOGIN,
        403,
        403,
        REDIRECT,
        REDIRECT,
        method="POST",
        data={"action": "hide"},
        kwargs=lambda world: {"pk": _forum_owner_reply(world).pk},
    ),  # fmt: skip
    # --- content ----------------------------------------------------------------------------
    # Published content is public (people abroad read it before signing up); drafts are staff-only.
    "content:library": everyone(200),
    "content:search": everyone(200, note="with ?q=… in tests/content"),
    "content:capsule_list": everyone(200),
    "content:article_list": everyone(200),
    "content:capsule_detail": everyone(200, kwargs=lambda world: _capsule_kwargs(published=True)),
    "content:capsule_read": Rule(
        404, 404, 404, 404, 200, kwargs=lambda world: _capsule_kwargs(published=False), note="a draft: staff only"
    ),
    "content:capsule_captions": everyone(
        200, kwargs=lambda world: {"pk": _capsule(published=True).pk, "language": "fr-ca"}
    ),
    "content:capsule_progress": Rule(
        LOGIN,
        200,
        200,
        403,
        403,
        method="POST",
        data={"position": "3"},
        kwargs=lambda world: {"pk": _capsule(published=True).pk},
        note="each participant saves only their own progress; someone else's is never touched "
        "(tests/content/test_permissions.py); staff progress is not kept",
    ),
    "content:checkpoint_answer": Rule(
        LOGIN,
        400,
        400,
        403,
        403,
        method="POST",
        kwargs=lambda world: _checkpoint_kwargs(world),
        note="no choice sent: the question comes back with its message; answers are the person's own",
    ),
    "content:article_detail": Rule(
        404, 404, 404, 404, 200, kwargs=lambda world: _article_kwargs(published=False), note="a draft: staff only"
    ),
    "content:organisation_list": everyone(200),
    "content:organisation_detail": everyone(200, kwargs=lambda world: _organisation_kwargs()),
    "content:profession_list": everyone(200),
    "content:profession_detail": everyone(200, kwargs=lambda world: {"slug": "ordre-des-ingenieurs-du-quebec"}),
    # --- action_plan --------------------------------------------------------------------------
    "action_plan:timeline": participants_only(note="without a plan a participant is told how to get one"),
    "action_plan:task": Rule(
        LOGIN, 200, 404, 403, 403, kwargs=lambda world: {"pk": _plan_task(world).pk}, note="another's task: 404"
    ),
    "action_plan:task_autosave": Rule(
        LOGIN,
        200,
        404,
        403,
        403,
        method="POST",
        data={"answer_text": "brouillon"},
        kwargs=lambda world: {"pk": _plan_task(world).pk},
        note="another participant's post changes nothing (tests/action_plan/test_permissions.py)",
    ),
    "action_plan:task_file": Rule(
        LOGIN,
        200,
        404,
        404,
        200,
        kwargs=lambda world: {"pk": _plan_task(world, with_file=True).pk},
        note="the coach here is not assigned; an assigned coach gets 200 (tests/action_plan/test_permissions.py)",
    ),
    "action_plan:settings": Rule(LOGIN, 200, 404, 403, 403, kwargs=lambda world: _plan_kwargs(world, {})),
    "action_plan:refresh": Rule(
        LOGIN, 200, REDIRECT, 403, 403, kwargs=lambda world: _plan_kwargs(world, {}), note="no profile: sent to it"
    ),
    "action_plan:calendar": Rule(LOGIN, 200, 404, 403, 403, kwargs=lambda world: _plan_kwargs(world, {})),
    "action_plan:print": Rule(LOGIN, 200, 404, 403, 403, kwargs=lambda world: _plan_kwargs(world, {})),
    "action_plan:review_list": Rule(LOGIN, 403, 403, 200, 403, note="each coach sees only their participants'"),
    "action_plan:review_task": Rule(
        LOGIN,
        403,
        403,
        200,
        403,
        kwargs=lambda world: {"pk": _plan_task(world, submitted=True, assign=True).pk},
        note="the owner is assigned to the coach; a coach not assigned gets 404 (tests/action_plan)",
    ),
    "action_plan:unsubscribe": everyone(
        200,
        kwargs=lambda world: {"token": _unsubscribe_token(world)},
        note="the signed token is the credential; GET only asks to confirm",
    ),
    # --- reporting (the ministry's figures; the audit trail is in the admin, checked below) ---
    "reporting:reports": Rule(LOGIN, 403, 403, 403, 200, note="ministry admins only"),
    "reporting:report_csv": Rule(
        LOGIN, 403, 403, 403, 200, kwargs=lambda world: {"key": "progress_week_six"}, note="ministry admins only"
    ),
    "reporting:report_xlsx": Rule(
        LOGIN, 403, 403, 403, 200, kwargs=lambda world: {"key": "progress_week_six"}, note="ministry admins only"
    ),
    "reporting:report_workbook": Rule(LOGIN, 403, 403, 403, 200, note="ministry admins only"),
    "reporting:trail": Rule(LOGIN, 403, 403, 403, 200, note="ministry admins only: every staff change"),
}

# The Django admin is checked as a whole: its index and every registered model's list.
ADMIN_RULE = Rule(LOGIN, LOGIN, LOGIN, LOGIN, 200, note="staff pages: only ministry admins")


def _onboarded(world) -> dict:
    """Both participants have finished onboarding (else the page sends them to it); no URL kwargs."""
    from tests.accounts.profile_factories import OnboardedProfileFactory

    for user in (world.owner, world.other_participant):
        OnboardedProfileFactory(user=user)
    return {}


def _job_offer():
    from tests.job_feed.factories import JobOfferFactory

    return JobOfferFactory()


def _saved_offer(user):
    from tests.job_feed.factories import SavedOfferFactory

    return SavedOfferFactory(user=user)


def _plan_task(world, *, with_file: bool = False, submitted: bool = False, assign: bool = False):
    from tests.action_plan.factories import owner_plan_task

    return owner_plan_task(world.owner, coach=world.coach if assign else None, with_file=with_file, submitted=submitted)


def _plan_kwargs(world, kwargs: dict) -> dict:
    from tests.action_plan.factories import owner_plan

    owner_plan(world.owner)
    return kwargs


def _unsubscribe_token(world) -> str:
    from action_plan.unsubscribe import unsubscribe_token
    from tests.action_plan.factories import owner_plan

    return unsubscribe_token(owner_plan(world.owner))


def _capsule(*, published: bool):
    from content.models import Capsule
    from tests.content.factories import CapsuleFactory

    status = Capsule.Status.PUBLISHED if published else Capsule.Status.DRAFT
    return CapsuleFactory(status=status)


def _capsule_kwargs(*, published: bool) -> dict:
    capsule = _capsule(published=published)
    return {"pk": capsule.pk, "slug": capsule.slug}


def _checkpoint_kwargs(world) -> dict:
    from tests.content.factories import CheckpointFactory

    checkpoint = CheckpointFactory()
    return {"pk": checkpoint.capsule_id, "checkpoint_pk": checkpoint.pk}


def _article_kwargs(*, published: bool) -> dict:
    from content.models import Article
    from tests.content.factories import ArticleFactory

    article = ArticleFactory(status=Article.Status.PUBLISHED if published else Article.Status.DRAFT)
    return {"pk": article.pk, "slug": article.slug}


def _organisation_kwargs() -> dict:
    from tests.content.factories import OrganisationFactory

    organisation = OrganisationFactory()
    return {"pk": organisation.pk, "slug": organisation.slug}


def _forum_topic(world):
    """A topic of the owner's, already approved (so every reader sees it)."""
    from tests.forum.factories import approved_topic

    return approved_topic(world.owner, is_question=True)


def _forum_owner_reply(world):
    """The owner's reply in another participant's topic."""
    from tests.forum.factories import approved_reply, approved_topic

    return approved_reply(world.owner, approved_topic(world.other_participant))


def _forum_answer_to_owner(world):
    """A reply by the other participant to the owner's question."""
    from tests.forum.factories import approved_reply

    return approved_reply(world.other_participant, _forum_topic(world))


def _forum_unsubscribe_token(world) -> str:
    from forum.digest import unsubscribe_token

    return unsubscribe_token(world.owner.pk)


# --- The Django admin, view by view ------------------------------------------------------------
# What a ministry admin who is NOT a superuser may do on each registered model (least privilege of
# the role: its group's permissions, narrowed by each ModelAdmin): v view, a add, c change,
# d delete. Everyone else (participants, coaches) is sent to the login page by every admin URL.
# tests/security/test_admin_table.py fails on a registered model missing here.
ADMIN_ACCESS: dict[str, str] = {
    "account.emailaddress": "",
    "accounts.confidentialityincident": "vac",
    "accounts.consentrecord": "v",
    "accounts.deletionlog": "v",
    "accounts.occupation": "vac",
    "accounts.policyversion": "vac",
    "accounts.profile": "vc",
    "accounts.region": "vc",
    "accounts.sentemail": "v",
    "accounts.staffaccesslog": "v",
    "accounts.user": "vac",
    "action_plan.plan": "vc",
    "action_plan.plantemplate": "vac",
    "action_plan.remindersent": "v",
    "action_plan.taskreview": "v",
    "action_plan.templatestep": "vacd",
    "auth.group": "",
    "coaching.assignment": "vac",
    "coaching.availabilityexception": "",
    "coaching.coachedparticipant": "vc",
    "coaching.coachsettings": "",
    "coaching.interview": "",
    "content.article": "vacd",
    "content.capsule": "vacd",
    "content.checkpoint": "vacd",
    "content.organisation": "vacd",
    "content.professionalorder": "vc",
    "content.theme": "vacd",
    "django_celery_beat.clockedschedule": "",
    "django_celery_beat.crontabschedule": "",
    "django_celery_beat.intervalschedule": "",
    "django_celery_beat.periodictask": "",  # superusers only (issue 10)
    "django_celery_beat.solarschedule": "",
    "forum.category": "vac",
    "forum.moderationaction": "v",
    "forum.topic": "v",
    "job_feed.feedrun": "v",
    "job_feed.feedsource": "vacd",
    "job_feed.joboffer": "v",
    "mfa.authenticator": "",
    # reporting: the audit trail is read, never written, by anyone (superusers included).
    **{
        f"reporting.{name}event": "v"
        for name in (
            "user",
            "profile",
            "plan",
            "plantask",
            "taskreview",
            "assignment",
            "interview",
            "plantemplate",
            "templatestep",
            "steplink",
            "capsule",
            "article",
            "organisation",
            "feedsource",
            "moderationaction",
            "topic",
            "post",
            "category",
        )
    },
    "reporting.coachmembership": "vacd",
    "usersessions.usersession": "",
}

# Admin URLs other than each model's changelist/add/change/delete/history. `admin` is the
# non-superuser ministry admin; `owner` and `other_participant` stand for participants.
ADMIN_CUSTOM_RULES: dict[str, Rule] = {
    "admin:index": Rule(LOGIN, LOGIN, LOGIN, LOGIN, 200),
    "admin:app_list": Rule(LOGIN, LOGIN, LOGIN, LOGIN, 200, kwargs=lambda world: {"app_label": "content"}),
    "admin:login": Rule(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, note="staff sign in through allauth"),
    "admin:logout": Rule(
        REDIRECT, REDIRECT, REDIRECT, REDIRECT, 200, method="POST", note="signing out is harmless for anyone"
    ),
    "admin:password_change": Rule(LOGIN, LOGIN, LOGIN, LOGIN, 200),
    "admin:password_change_done": Rule(LOGIN, LOGIN, LOGIN, LOGIN, 200),
    "admin:jsi18n": Rule(LOGIN, LOGIN, LOGIN, LOGIN, 200),
    "admin:autocomplete": Rule(
        LOGIN, LOGIN, LOGIN, LOGIN, 403, note="without app_label/model_name/field_name it refuses everyone"
    ),
    "admin:view_on_site": Rule(
        LOGIN,
        LOGIN,
        LOGIN,
        LOGIN,
        REDIRECT,
        kwargs=lambda world: {
            "content_type_id": _content_type_id("content.capsule"),
            "object_id": _capsule(published=True).pk,
        },
    ),
    "admin:auth_user_password_change": Rule(
        LOGIN,
        LOGIN,
        LOGIN,
        LOGIN,
        403,
        kwargs=lambda world: {"id": _superuser().pk},
        note="a superuser's password: superusers only (tests/security/test_admin_privileges.py)",
    ),
    "admin:job_feed_feedsource_run_now": Rule(
        LOGIN,
        LOGIN,
        LOGIN,
        LOGIN,
        REDIRECT,
        method="POST",
        kwargs=lambda world: {"pk": _feed_source().pk},
        note="queues the import: back to the source's page",
    ),
    "admin:content_organisation_import": Rule(LOGIN, LOGIN, LOGIN, LOGIN, 200),
}


def _content_type_id(label: str) -> int:
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(apps.get_model(label)).pk


def _superuser():
    from tests.accounts.factories import MinistryAdminFactory

    return MinistryAdminFactory(is_superuser=True)


def _feed_source():
    from tests.job_feed.factories import FeedSourceFactory

    return FeedSourceFactory()


def admin_objects(world) -> None:
    """One object of as many registered models as factories make, so that change and delete views
    run on real rows (a model with no row gets a missing id: the permission check comes first)."""
    from tests.action_plan.factories import owner_plan_task
    from tests.content.factories import ArticleFactory, CheckpointFactory, OrganisationFactory, ThemeFactory
    from tests.job_feed.factories import JobOfferFactory

    owner_plan_task(world.owner, coach=world.coach, submitted=True)
    ArticleFactory()
    CheckpointFactory()
    OrganisationFactory()
    ThemeFactory()
    JobOfferFactory()


# --- Websockets ----------------------------------------------------------------------------------
# Every websocket route (integration_portal/routing.py), tried by each kind of person:
# ACCEPT, or the close code (4401 not signed in, 4403 refused). tests/security/test_websockets.py
# fails on a route missing here. `path(world)` gives the URL (it may create the objects it needs).
ACCEPT = "accept"


@dataclass(frozen=True)
class SocketRule:
    path: Callable
    anonymous: object
    owner: object
    other_participant: object
    participant_without_consent: object
    coach: object
    coach_without_two_factor: object
    admin: object
    admin_without_two_factor: object
    note: str = ""


WEBSOCKET_RULES: dict[str, SocketRule] = {
    "ws/notifications/": SocketRule(
        path=lambda world: "/ws/notifications/",
        anonymous=4401,
        owner=ACCEPT,
        other_participant=ACCEPT,
        participant_without_consent=4403,
        coach=ACCEPT,
        coach_without_two_factor=4403,
        admin=ACCEPT,
        admin_without_two_factor=4403,
        note="each person's own notifications: the group is chosen from the session, never the URL",
    ),
    "ws/entrevues/<int:interview_id>/": SocketRule(
        path=lambda world: f"/ws/entrevues/{_open_interview_of(world).pk}/",
        anonymous=4401,
        owner=ACCEPT,
        other_participant=4403,
        participant_without_consent=4403,
        coach=ACCEPT,
        coach_without_two_factor=4403,
        admin=4403,
        admin_without_two_factor=4403,
        note="an open interview's room: its participant and its coach only (the other cases: "
        "tests/coaching/test_room_consumer.py)",
    ),
}


# --- The same URLs with their other methods, and people whose rights have ended ------------------
# Rows of URL_RULES try one method; these try the others a view accepts, with the people who
# must not get through (a participant posting to another's task, an unassigned coach posting a
# review, a coach whose assignment has ended). Keys are "<URL name> <what>".
MORE_RULES: dict[str, Rule] = {
    "action_plan:task POST": Rule(
        LOGIN,
        REDIRECT,
        404,
        403,
        403,
        method="POST",
        kwargs=lambda world: {"pk": _plan_task(world).pk},
        note="the owner's draft is saved; another participant's post changes nothing",
    ),
    "action_plan:review_task POST": Rule(
        LOGIN,
        403,
        403,
        200,
        403,
        method="POST",
        kwargs=lambda world: {"pk": _plan_task(world, submitted=True, assign=True).pk},
        note="the assigned coach gets the form back (no decision sent)",
    ),
    "action_plan:review_task POST unassigned coach": Rule(
        LOGIN,
        403,
        403,
        404,
        403,
        method="POST",
        data={"decision": "approved", "comment": "ok"},
        kwargs=lambda world: {"pk": _plan_task(world, submitted=True).pk},
        note="a coach who is not the participant's cannot review",
    ),
    "action_plan:review_task ended assignment": Rule(
        LOGIN,
        403,
        403,
        404,
        403,
        method="POST",
        data={"decision": "approved", "comment": "ok"},
        kwargs=lambda world: {"pk": _task_of_ended_assignment(world).pk},
        note="the coach's assignment has ended: no more reviews",
    ),
    "coaching:participant_detail ended assignment": Rule(
        LOGIN,
        403,
        403,
        404,
        403,
        kwargs=lambda world: {"participant_id": _ended_assignment(world).participant_id},
        note="the coach's assignment has ended: the file is closed to them",
    ),
    "action_plan:settings POST": Rule(
        LOGIN, 200, 404, 403, 403, method="POST", kwargs=lambda world: _plan_kwargs(world, {})
    ),
    "accounts:profile_edit POST": Rule(
        LOGIN,
        REDIRECT,
        REDIRECT,
        403,
        403,
        method="POST",
        kwargs=lambda world: {"section": "occupation", **_onboarded(world)},
        note="always one's own profile (no id in the URL): each saves their own",
    ),
}


def _ended_assignment(world):
    from coaching.services import assignment_create, assignment_end

    return assignment_end(assignment=assignment_create(participant=world.owner, coach=world.coach))


def _task_of_ended_assignment(world):
    task = _plan_task(world, submitted=True, assign=True)
    from coaching.models import Assignment
    from coaching.services import assignment_end

    for assignment in Assignment.objects.filter(participant=world.owner, ended_at__isnull=True):
        assignment_end(assignment=assignment)
    return task
