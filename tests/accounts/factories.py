import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from accounts.models import User
from accounts.policies import consent_record, current_policies
from accounts.services import user_set_role

PASSWORD = "Un-mot-de-passe-solide-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Personne {n}")
    role = User.Role.PARTICIPANT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            user_set_role(user=self, role=self.role)
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def consents(self, create, extracted, **kwargs):
        """Participants accepted the policies in force at sign-up; consents=False makes one who has not."""
        if create and self.is_participant and extracted is not False:
            consent_record(user=self, policies=current_policies())

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        """Staff have set up two-factor authentication (required to reach staff pages); totp=False
        makes one who has not. The secret is left on `totp_secret` to compute codes in tests."""
        if create and self.is_staff_member and extracted is not False:
            self.totp_secret = generate_totp_secret()
            TOTP.activate(self, self.totp_secret)


class ParticipantFactory(UserFactory):
    role = User.Role.PARTICIPANT


class CoachFactory(UserFactory):
    role = User.Role.COACH


class MinistryAdminFactory(UserFactory):
    role = User.Role.MINISTRY_ADMIN
    is_superuser = True
    is_staff = True
