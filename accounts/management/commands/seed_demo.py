"""Demo data for `make run`: one person per role, logins printed. Safe to run again."""

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from accounts.policies import consent_record, current_policies
from accounts.services import user_set_role

DEMO_PASSWORD = "demo-Quebec-2026"

DEMO_USERS = [
    ("participant@example.org", User.Role.PARTICIPANT, "Amina"),
    ("participant2@example.org", User.Role.PARTICIPANT, "Sami"),
    ("coach@example.org", User.Role.COACH, "Julie (accompagnatrice)"),
    ("admin@example.org", User.Role.MINISTRY_ADMIN, "Admin MIFI"),
]


class Command(BaseCommand):
    help = "Create or refresh the demo accounts (participant, coach, ministry admin)."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        for email, role, display_name in DEMO_USERS:
            user, _created = User.objects.get_or_create(email=email, defaults={"display_name": display_name})
            user.set_password(DEMO_PASSWORD)
            user.is_superuser = role == User.Role.MINISTRY_ADMIN
            user.save()
            user_set_role(user=user, role=role)
            EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        # The demo participant has accepted the current terms and privacy policy, as at sign-up.
        consent_record(user=User.objects.get(email="participant@example.org"), policies=current_policies())
        from content.demo import seed_demo_content

        content = seed_demo_content()
        self.stdout.write(
            f"Demo content: {content['capsules']} capsules, {content['articles']} articles, "
            f"{content['organisations']} organisations"
        )
        from job_feed.demo import demo_feed_source_ensure

        feed_source = demo_feed_source_ensure()
        self.stdout.write(f"Demo job feed source: {feed_source.url} (imported by `manage.py import_feeds`)")
        from action_plan.demo import demo_plan_ensure

        demo_plan_ensure(
            participant=User.objects.get(email="participant@example.org"),
            coach=User.objects.get(email="coach@example.org"),
        )
        self.stdout.write("Demo participant: completed profile and action plan (/plan/).")
        from coaching.demo import demo_coaching_ensure

        demo_coaching_ensure(
            participant=User.objects.get(email="participant@example.org"),
            coach=User.objects.get(email="coach@example.org"),
        )
        self.stdout.write(
            "Demo coach: weekdays 9:00-12:00 and 13:00-16:00 (Montréal); book at /accompagnement/entrevues/."
        )
        from coaching.demo import demo_interview_ensure

        interview = demo_interview_ensure(
            participant=User.objects.get(email="participant@example.org"),
            coach=User.objects.get(email="coach@example.org"),
        )
        if interview is not None:
            self.stdout.write(
                f"Demo interview room, open now for the demo participant and coach: "
                f"/accompagnement/entrevues/{interview.pk}/salle/"
            )
        consent_record(user=User.objects.get(email="participant2@example.org"), policies=current_policies())
        from forum.demo import demo_forum_ensure

        demo_forum_ensure(
            participant=User.objects.get(email="participant@example.org"),
            other=User.objects.get(email="participant2@example.org"),
            coach=User.objects.get(email="coach@example.org"),
        )
        self.stdout.write("Demo forum: two participants and the coach in /forum/.")
        self.stdout.write(self.style.SUCCESS(f"Demo accounts ready (password for all: {DEMO_PASSWORD}):"))
        for email, role, _name in DEMO_USERS:
            self.stdout.write(f"  {role:<15} {email}")
        self.stdout.write("Staff (coach, admin) set up two-factor authentication (TOTP) at their first login.")
