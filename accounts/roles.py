"""The three roles and the model permissions each one's Group holds.

Groups are created by a data migration; after every migrate the permissions listed here are
synced onto them, so an app that adds models only adds lines to ROLE_PERMISSIONS.
"""

from django.contrib.auth.models import Group, Permission

PARTICIPANT = "participant"
COACH = "coach"
MINISTRY_ADMIN = "ministry_admin"

ROLE_GROUP_NAMES = {
    PARTICIPANT: "Participants",
    COACH: "Accompagnatrices et accompagnateurs",
    MINISTRY_ADMIN: "Administration du ministère",
}

# "app_label.codename" of the model permissions each role's group holds (used by the admin).
ROLE_PERMISSIONS: dict[str, set[str]] = {
    PARTICIPANT: set(),
    # Coaches work in the portal's own pages (coaching/), never in the Django admin.
    # forum.moderate_forum: the forum's moderation queue and actions, in the forum's pages.
    COACH: {"forum.moderate_forum"},
    MINISTRY_ADMIN: {
        "accounts.view_user",
        "accounts.change_user",
        "accounts.add_user",
        "accounts.view_region",
        "accounts.change_region",
        "accounts.view_occupation",
        "accounts.change_occupation",
        "accounts.add_occupation",
        "accounts.view_profile",
        "accounts.change_profile",
        # Staff and privacy (Law 25): assignments, policy versions, the registers.
        "coaching.view_assignment",
        "coaching.add_assignment",
        "coaching.change_assignment",
        "coaching.view_coachedparticipant",
        "coaching.change_coachedparticipant",  # the "assign a coach" action; the page itself is read-only
        "accounts.view_policyversion",
        "accounts.add_policyversion",
        "accounts.change_policyversion",
        "accounts.view_consentrecord",
        "accounts.view_staffaccesslog",
        "accounts.view_sentemail",  # and send the failed ones again (an action on the list)
        "accounts.view_deletionlog",
        "accounts.view_confidentialityincident",
        "accounts.add_confidentialityincident",
        "accounts.change_confidentialityincident",
        # No Celery beat tables (superusers only): a periodic task names any registered task and
        # its arguments; each feed source keeps its own schedule through job_feed's admin.
        # forum: categories are managed; topics and the moderation log are read.
        "forum.moderate_forum",
        "forum.view_category",
        "forum.add_category",
        "forum.change_category",
        "forum.view_topic",
        "forum.view_moderationaction",
        # job_feed: sources are managed; runs and offers come from the import and are only read.
        "job_feed.view_feedsource",
        "job_feed.add_feedsource",
        "job_feed.change_feedsource",
        "job_feed.delete_feedsource",
        "job_feed.view_feedrun",
        "job_feed.view_joboffer",
        # content: everything participants read is edited by ministry admins.
        *(
            f"content.{action}_{model}"
            for action in ("view", "add", "change", "delete")
            for model in (
                "theme",
                "capsule",
                "videosource",
                "captiontrack",
                "chapter",
                "checkpoint",
                "choice",
                "article",
                "organisation",
                "organisationservice",
            )
        ),  # fmt: skip
        "content.view_professionalorder",
        "content.change_professionalorder",
        # action_plan: templates and rules are the ministry's; plans are read (dates fixable) only.
        "action_plan.view_plantemplate",
        "action_plan.add_plantemplate",
        "action_plan.change_plantemplate",
        "action_plan.view_templatestep",
        "action_plan.add_templatestep",
        "action_plan.change_templatestep",
        "action_plan.delete_templatestep",
        "action_plan.view_steplink",
        "action_plan.add_steplink",
        "action_plan.change_steplink",
        "action_plan.delete_steplink",
        "action_plan.view_plan",
        "action_plan.change_plan",
        "action_plan.view_plantask",
        "action_plan.view_taskreview",
        "action_plan.view_remindersent",
    },
}


def group_for_role(role: str) -> Group:
    group, created = Group.objects.get_or_create(name=ROLE_GROUP_NAMES[role])
    if created:
        set_group_permissions(group, ROLE_PERMISSIONS[role])
    return group


def set_group_permissions(group: Group, wanted: set[str]) -> None:
    q = Permission.objects.none()
    for dotted in wanted:
        app_label, codename = dotted.split(".", 1)
        q = q | Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    group.permissions.set(q)


def sync_role_groups(sender=None, **kwargs) -> None:
    """Give each existing role group exactly the permissions ROLE_PERMISSIONS lists (those that exist).

    It never creates a group: `flush` (between transactional tests) sends post_migrate too, and a
    test with serialized rollback would then restore groups that already exist. Groups come from
    the data migration, or from group_for_role when one is missing.
    """
    for role, wanted in ROLE_PERMISSIONS.items():
        group = Group.objects.filter(name=ROLE_GROUP_NAMES[role]).first()
        if group is not None:
            set_group_permissions(group, wanted)
