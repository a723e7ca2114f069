"""Every model field that holds personal data, and what covers it (Québec's Law 25).

tests/security/test_law25.py walks every model of every installed app: a field that points to a
person (a foreign key to the user) or whose name says it holds what people type or who they are
(PERSONAL_FIELD_NAMES) must have a row here, per app:
- "covered:<section>": exported and erased by that registered section (accounts.privacy);
- "not personal: <why>": it is not personal data (say why).
A new app adds its rows here together with its `<app>_personal_data_export/erase` hooks.
"""

PERSONAL_FIELD_NAMES = frozenset(
    {"email", "ip", "user_agent", "object_repr", "change_message", "session_data", "note", "answer_text", "comment",
     "body", "display_name", "phone", "address", "message", "reason", "change_reason"}
)  # fmt: skip

PERSONAL_DATA_FIELDS: dict[str, dict[str, str]] = {
    "account": {
        "emailaddress.user": "covered:account",
        "emailaddress.email": "covered:account",
    },
    "accounts": {
        "user.email": "covered:account",
        "user.display_name": "covered:account",
        "profile.user": "covered:profile",
        "consentrecord.user": "covered:consents",
        "staffaccesslog.staff": "not personal: the staff member's work record, kept as the law requires",
        "staffaccesslog.participant": "covered:staff_accesses",
        "confidentialityincident.recorded_by": "not personal: the staff member who recorded an incident",
    },
    "action_plan": {
        "plan.user": "covered:action_plan",
        "plantask.answer_text": "covered:action_plan",
        "taskreview.coach": "not personal: the coach's review, erased with the participant's plan",
        "taskreview.comment": "covered:action_plan",
    },
    "admin": {
        "logentry.user": "not personal: the staff member who acted in the admin",
        "logentry.object_repr": "covered:account",
        "logentry.change_message": "covered:account",
    },
    "coaching": {
        "assignment.participant": "covered:coaching",
        "assignment.coach": "not personal: the coach's caseload",
        "assignment.assigned_by": "not personal: the admin who assigned",
        "assignment.note": "covered:coaching",
        "interview.participant": "covered:coaching",
        "interview.coach": "not personal: the coach's calendar",
        "interview.change_reason": "covered:coaching",
        "coachsettings.coach": "not personal: a coach's working settings",
        "weeklyhours.coach": "not personal: a coach's working hours",
        "availabilityexception.coach": "not personal: a coach's working hours",
        "availabilityexception.reason": "not personal: a coach's note on their own calendar",
        "coachnote.participant": "covered:coaching",
        "coachnote.author": "not personal: the coach who wrote a note",
        "coachnote.body": "covered:coaching",
        "chatmessage.sender": "covered:interview_room",
        "chatmessage.body": "covered:interview_room",
        "interviewsummary.author": "not personal: the coach who wrote the summary",
    },
    "forum": {
        "post.author": "covered:forum",
        "post.body": "covered:forum",
        "postrevision.body": "covered:forum",
        "topic.author": "covered:forum",
        "topicread.user": "covered:forum",
        "subscription.user": "covered:forum",
        "notification.user": "covered:forum",
        "notification.message": "covered:forum",
        "digestrun.user": "covered:forum",
        "member.user": "covered:forum",
        "flag.flagger": "covered:forum",
        "flag.note": "covered:forum",
        "flag.reason": "not personal: one of the fixed reasons (spam, off-topic…)",
        "flag.resolved_by": "not personal: the moderator who handled a flag",
        "moderationaction.moderator": "not personal: the moderator who acted",
        "moderationaction.reason": "not personal: the moderator's reason, kept without the person (target_user)",
        "moderationaction.target_user": "covered:forum",
    },
    "content": {
        "checkpointanswer.user": "covered:content",
        "capsuleprogress.user": "covered:content",
        "organisation.email": "not personal: an organisation's public address",
        "organisation.phone": "not personal: an organisation's public telephone",
        "organisation.address": "not personal: an organisation's public address",
    },
    "job_feed": {
        "savedoffer.user": "covered:job_feed",
    },
    "mfa": {
        "authenticator.user": "covered:account",
    },
    "reporting": {
        "userevent.pgh_obj": "covered:staff_changes",
        "profileevent.user": "covered:staff_changes",
        "planevent.user": "covered:staff_changes",
        "plantaskevent.answer_text": "covered:staff_changes",
        "taskreviewevent.coach": "not personal: the coach's review (the trail rows go with the participant)",
        "taskreviewevent.comment": "covered:staff_changes",
        "assignmentevent.participant": "covered:staff_changes",
        "assignmentevent.coach": "not personal: the coach's caseload",
        "assignmentevent.assigned_by": "not personal: the admin who assigned",
        "assignmentevent.note": "covered:staff_changes",
        "organisationevent.email": "not personal: an organisation's public address",
        "organisationevent.phone": "not personal: an organisation's public telephone",
        "organisationevent.address": "not personal: an organisation's public address",
        "coachmembership.coach": "not personal: which organisation a coach works for",
        "interviewevent.participant": "covered:staff_changes",
        "interviewevent.coach": "not personal: the coach's calendar (the rows go with the participant)",
        "interviewevent.change_reason": "covered:staff_changes",
        "planprogress.user": "not personal: figures rebuilt from the plans (an erased plan leaves at the rebuild)",
        "weekcompletion.user": "not personal: figures rebuilt from the plans (an erased plan leaves at the rebuild)",
        "moderationactionevent.target_user": "covered:staff_changes",
        "moderationactionevent.moderator": "not personal: the moderator who acted",
        "moderationactionevent.reason": "covered:staff_changes",
    },
    "sessions": {
        "session.session_data": "covered:sessions",
    },
    "usersessions": {
        "usersession.user": "covered:sessions",
        "usersession.ip": "covered:sessions",
        "usersession.user_agent": "covered:sessions",
    },
}
