import factory
from allauth.account.models import EmailAddress

from accounts.models import User
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


class ParticipantFactory(UserFactory):
    role = User.Role.PARTICIPANT


class CoachFactory(UserFactory):
    role = User.Role.COACH


class MinistryAdminFactory(UserFactory):
    role = User.Role.MINISTRY_ADMIN
    is_superuser = True
    is_staff = True
