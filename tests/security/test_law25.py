"""Law 25: erasure and export cover every table that holds personal data."""

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from accounts.erasure import account_erase
from accounts.models import Profile, User
from accounts.privacy import personal_data_export, personal_data_sections
from tests.accounts.factories import MinistryAdminFactory, ParticipantFactory
from tests.coaching.factories import AssignmentFactory
from tests.security.personal_data import PERSONAL_DATA_FIELDS, PERSONAL_FIELD_NAMES

pytestmark = pytest.mark.django_db


def personal_fields() -> dict[str, set[str]]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found: dict[str, set[str]] = {}
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if (field.is_relation and field.related_model is user_model) or field.name in PERSONAL_FIELD_NAMES:
                found.setdefault(model._meta.app_label, set()).add(f"{model._meta.model_name}.{field.name}")
    return found


def test_every_personal_data_field_is_covered_or_explained():
    declared = {app: set(fields) for app, fields in PERSONAL_DATA_FIELDS.items()}
    missing = {
        app: sorted(fields - declared.get(app, set()))
        for app, fields in personal_fields().items()
        if fields - declared.get(app, set())
    }
    assert missing == {}, f"add these fields to tests/security/personal_data.py: {missing}"


def test_each_covering_section_is_registered():
    sections = {section.name for section in personal_data_sections()}
    claimed = {
        verdict.removeprefix("covered:")
        for fields in PERSONAL_DATA_FIELDS.values()
        for verdict in fields.values()
        if verdict.startswith("covered:")
    }
    assert sorted(claimed - sections) == []
    for fields in PERSONAL_DATA_FIELDS.values():
        for verdict in fields.values():
            assert verdict.startswith(("covered:", "not personal: ")), verdict


def test_erasure_scrubs_the_person_from_the_admin_history():
    participant = ParticipantFactory(email="amina.haddad@example.org")
    admin = MinistryAdminFactory()
    Profile.objects.create(user=participant)
    lines = [
        (User, participant.pk, participant.email),
        (Profile, participant.profile.pk, f"Profil de {participant.email}"),
    ]
    for model, pk, text in lines:
        LogEntry.objects.create(
            user=admin,
            content_type=ContentType.objects.get_for_model(model),
            object_id=str(pk),
            object_repr=text,
            action_flag=CHANGE,
            change_message=f'[{{"changed": {{"name": "{participant.email}", "fields": ["email"]}}}}]',
        )
    other = LogEntry.objects.create(
        user=admin,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(admin.pk),
        object_repr=admin.email,
        action_flag=CHANGE,
    )

    account_erase(user=participant)

    assert LogEntry.objects.count() == 3  # the history keeps its lines
    assert not LogEntry.objects.filter(object_repr__icontains="amina").exists()
    assert not LogEntry.objects.filter(change_message__icontains="amina").exists()
    other.refresh_from_db()
    assert other.object_repr == admin.email


def test_the_assignment_note_is_in_the_persons_export():
    assignment = AssignmentFactory(note="Préfère les rencontres le matin (heure de Casablanca).")

    exported = personal_data_export(user=assignment.participant)

    assert exported["coaching"][0]["note"] == "Préfère les rencontres le matin (heure de Casablanca)."
