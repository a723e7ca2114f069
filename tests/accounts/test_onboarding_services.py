"""Onboarding's writes: each step saved, resumable, completion sent once, later edits announced."""

import datetime

import pytest

from accounts.models import Profile
from accounts.onboarding import (
    first_incomplete_step,
    profile_of_participant,
    profile_save_step,
    step_by_key,
    step_is_open,
)
from accounts.selectors import occupation_search
from accounts.signals import onboarding_completed, profile_updated
from tests.accounts.profile_factories import OnboardedProfileFactory, UnitGroupFactory, broad_category, region

pytestmark = pytest.mark.django_db

SITUATION = {
    "stage": Profile.Stage.CSQ_RECEIVED,
    "csq_number": "Q-2026-123456",
    "country_of_residence": "FR",
    "city_of_residence": "Lyon",
    "time_zone": "Europe/Paris",
    "arrival_date": datetime.date(2027, 3, 1),
}


def household_values(**extra):
    return {"household": Profile.Household.ALONE, "children_ages": "", "mode": Profile.Mode.SELF_TRAINING, **extra}


class Received:
    def __init__(self, signal):
        self.calls = []
        signal.connect(self, weak=False, dispatch_uid=f"test-{id(self)}")
        self.signal = signal

    def __call__(self, sender, **kwargs):
        self.calls.append(kwargs)

    def disconnect(self):
        self.signal.disconnect(dispatch_uid=f"test-{id(self)}")


@pytest.fixture
def completed_events():
    receiver = Received(onboarding_completed)
    yield receiver.calls
    receiver.disconnect()


@pytest.fixture
def updated_events():
    receiver = Received(profile_updated)
    yield receiver.calls
    receiver.disconnect()


def walk_to_last_step(user):
    profile_save_step(user=user, step_key="situation", values=SITUATION)
    profile_save_step(user=user, step_key="settlement", values={"region": region("06"), "municipality": ""})
    profile_save_step(user=user, step_key="occupation", values={"occupation": broad_category("2")})
    profile_save_step(user=user, step_key="languages", values={"french_level": 5, "english_level": None})


def test_a_new_participant_starts_at_the_situation_step(participant):
    assert first_incomplete_step(profile_of_participant(participant)).key == "situation"


def test_saving_a_step_stores_it_and_moves_the_resume_point(participant):
    profile_save_step(user=participant, step_key="situation", values=SITUATION)

    profile = Profile.objects.get(user=participant)
    participant.refresh_from_db()
    assert (profile.city_of_residence, profile.country_of_residence.code) == ("Lyon", "FR")
    assert participant.time_zone == "Europe/Paris"
    assert first_incomplete_step(profile).key == "settlement"


def test_steps_after_the_first_incomplete_one_are_closed(participant):
    profile_save_step(user=participant, step_key="situation", values=SITUATION)
    profile = Profile.objects.get(user=participant)
    assert step_is_open(profile, step_by_key("settlement"))
    assert not step_is_open(profile, step_by_key("languages"))
    assert step_is_open(profile, step_by_key("situation"))


def test_resaving_an_earlier_step_does_not_move_the_resume_point_back(participant):
    walk_to_last_step(participant)
    profile_save_step(user=participant, step_key="situation", values={**SITUATION, "city_of_residence": "Paris"})

    profile = Profile.objects.get(user=participant)
    assert profile.city_of_residence == "Paris"
    assert first_incomplete_step(profile).key == "household"


def test_the_last_step_completes_onboarding_and_sends_the_event_once(
    participant, completed_events, django_capture_on_commit_callbacks
):
    walk_to_last_step(participant)
    assert completed_events == []
    with django_capture_on_commit_callbacks(execute=True):
        saved = profile_save_step(user=participant, step_key="household", values=household_values())
    with django_capture_on_commit_callbacks(execute=True):
        again = profile_save_step(user=participant, step_key="household", values=household_values())

    assert saved.completed_now and not again.completed_now
    assert len(completed_events) == 1
    assert completed_events[0]["profile"].user_id == participant.pk
    assert Profile.objects.get(user=participant).onboarding_completed_at is not None


def test_the_completion_event_waits_for_the_commit(participant, completed_events, django_capture_on_commit_callbacks):
    walk_to_last_step(participant)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        profile_save_step(user=participant, step_key="household", values=household_values())
    assert completed_events == []
    assert len(callbacks) == 1


def test_steps_saved_during_onboarding_send_no_update_event(
    participant, updated_events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        walk_to_last_step(participant)
    assert updated_events == []


def test_an_edit_after_onboarding_sends_the_changed_fields(updated_events, django_capture_on_commit_callbacks):
    profile = OnboardedProfileFactory()
    with django_capture_on_commit_callbacks(execute=True):
        saved = profile_save_step(
            user=profile.user,
            step_key="settlement",
            values={"region": region("02"), "municipality": profile.municipality},
        )

    assert saved.changed_fields == {"region"}
    assert len(updated_events) == 1
    assert updated_events[0]["changed_fields"] == {"region"}
    assert updated_events[0]["profile"].region.code == "02"


def test_an_edit_that_changes_nothing_sends_nothing(updated_events, django_capture_on_commit_callbacks):
    profile = OnboardedProfileFactory()
    with django_capture_on_commit_callbacks(execute=True):
        saved = profile_save_step(
            user=profile.user,
            step_key="languages",
            values={"french_level": profile.french_level, "english_level": profile.english_level},
        )
    assert saved.changed_fields == set()
    assert updated_events == []


def test_a_time_zone_change_after_onboarding_is_an_update(updated_events, django_capture_on_commit_callbacks):
    profile = OnboardedProfileFactory()
    values = {
        "stage": profile.stage,
        "csq_number": profile.csq_number,
        "country_of_residence": "MA",
        "city_of_residence": profile.city_of_residence,
        "time_zone": "Africa/Casablanca",
        "arrival_date": profile.arrival_date,
    }
    with django_capture_on_commit_callbacks(execute=True):
        profile_save_step(user=profile.user, step_key="situation", values=values)
    assert updated_events[0]["changed_fields"] == {"time_zone"}


def test_a_step_ignores_values_of_fields_it_does_not_own(participant):
    profile_save_step(user=participant, step_key="settlement", values={"region": region("06"), "mode": "accompanied"})
    assert Profile.objects.get(user=participant).mode == Profile.Mode.SELF_TRAINING


def test_an_unknown_step_is_refused(participant):
    with pytest.raises(ValueError):
        profile_save_step(user=participant, step_key="nope", values={})


def codes_for(query: str, **kwargs) -> list[str]:
    return [occupation.code for occupation in occupation_search(query=query, **kwargs)]


def test_occupation_search_ignores_accents_and_case():
    assert codes_for("INGENIEURS CIVILS") == ["21300"]
    assert codes_for("ingénieurs civils") == ["21300"]
    assert codes_for("Ingenieures Civiles") == ["21300"]


def test_occupation_search_finds_english_names_and_codes():
    assert codes_for("civil engineers") == ["21300"]
    assert codes_for("21300") == ["21300"]
    assert "21300" in codes_for("2130") and "21301" in codes_for("2130")


def test_occupation_search_keeps_the_current_choice_in_the_list():
    codes = codes_for("ingenieurs civils", keep_code="3")
    assert codes == ["21300", "3"]


def test_the_search_key_follows_a_renamed_occupation():
    occupation = UnitGroupFactory()
    occupation.name_fr = "Ingénieures et ingénieurs en génie civil"
    occupation.save(update_fields=["name_fr"])
    assert "genie civil" in type(occupation).objects.get(pk=occupation.pk).search_key


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_of_the_last_step_complete_onboarding_once(
    participant, completed_events, monkeypatch
):
    import threading
    import time

    from django.db import connection

    from accounts import onboarding
    from accounts.models import Occupation, Region
    from accounts.reference_data import load_broad_occupation_categories, load_regions

    # A transactional test starts from what the previous one left (flushed): put back what the
    # migrations made and this test needs (serialized rollback clashes with re-created groups).
    load_regions(Region)
    load_broad_occupation_categories(Occupation)
    walk_to_last_step(participant)
    # Widen the window between reading the profile and saving it, where a race would happen.
    original = onboarding.first_incomplete_step
    monkeypatch.setattr(onboarding, "first_incomplete_step", lambda profile: time.sleep(0.3) or original(profile))
    barrier = threading.Barrier(2)
    results, errors = [], []

    def submit():
        try:
            barrier.wait(timeout=10)
            results.append(profile_save_step(user=participant, step_key="household", values=household_values()))
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(result.completed_now for result in results) == [False, True]
    assert len(completed_events) == 1
