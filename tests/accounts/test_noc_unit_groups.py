"""The NOC/CNP 2021 unit groups: loaded, searched as people type, linked to professional orders."""

import html
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.forms import OccupationForm
from accounts.models import Occupation, OccupationExampleTitles, Profile
from accounts.selectors import occupation_search

pytestmark = pytest.mark.django_db

# What each example of the occupation step's help text must find.
HELP_EXAMPLES = {"infirmière": "31301", "ingénieur": "21300", "21300": "21300"}


def example_title_count() -> int:
    rows = OccupationExampleTitles.objects.values_list("titles_fr", "titles_en")
    return sum(len(titles.splitlines()) for row in rows for titles in row)


def codes_for(query: str) -> list[str]:
    return [occupation.code for occupation in occupation_search(query=query)]


def test_the_516_unit_groups_are_loaded_under_their_broad_category():
    unit_groups = Occupation.objects.filter(level=Occupation.Level.UNIT_GROUP).select_related("parent")
    assert unit_groups.count() == 516
    assert all(group.parent.code == group.code[0] and group.parent.level == 1 for group in unit_groups)
    nurses = Occupation.objects.get(code="31301")
    assert nurses.name_en == "Registered nurses and registered psychiatric nurses"
    assert nurses.name_fr.startswith("Infirmiers autorisés/infirmières autorisées")
    assert "infirmière" in nurses.example_titles.titles_fr and "nurse" in nurses.example_titles.titles_en
    assert example_title_count() == 57702


def test_every_example_of_the_help_text_finds_its_unit_group(client, participant):
    Profile.objects.create(user=participant, onboarding_step="settlement")
    client.force_login(participant)
    page = client.get(reverse("accounts:onboarding_step", kwargs={"step": "occupation"})).content.decode()
    help_text = html.unescape(re.search(r'id="occupation-q-help"[^>]*>(.*?)</div>', page).group(1))
    examples = re.findall(r"« (.+?) »", help_text)
    assert sorted(examples) == sorted(HELP_EXAMPLES)
    for example in examples:
        assert HELP_EXAMPLES[example] in codes_for(example)[:20], example


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("INFIRMIERE", "31301"),
        ("registered nurse", "31301"),
        ("Infirmière auxiliaire", "32101"),
        ("ingenieure civile", "21300"),
        ("civil engineer", "21300"),
        ("213", "21300"),
        # Only in the example titles, not in the group's name:
        ("infirmière en soins intensifs", "31301"),
        ("software developer", "21232"),
        ("Développeuse de logiciels", "21232"),
    ],
)
def test_it_finds_a_unit_group_by_title_in_either_language_or_code(query, code):
    assert code in codes_for(query)


def test_a_match_on_the_group_name_comes_before_matches_on_example_titles():
    assert codes_for("infirmiers auxiliaires")[0] == "32101"
    assert codes_for("21300")[0] == "21300"


def test_the_refresh_command_restores_the_reference_rows_and_is_idempotent():
    Occupation.objects.filter(code="31301").update(name_fr="Renamed", search_key="renamed")
    OccupationExampleTitles.objects.filter(occupation__code="31301").delete()
    call_command("load_noc", stdout=io.StringIO())
    call_command("load_noc", stdout=io.StringIO())
    assert Occupation.objects.filter(level=5).count() == 516
    assert example_title_count() == 57702
    assert "31301" in codes_for("infirmière")


def test_a_profile_keeps_its_unit_group_when_the_reference_is_refreshed(participant):
    profile = Profile.objects.create(user=participant, occupation=Occupation.objects.get(code="31301"))
    call_command("load_noc", stdout=io.StringIO())
    profile.refresh_from_db()
    assert profile.occupation.code == "31301" and profile.occupation.parent.code == "3"


@pytest.mark.parametrize("code", ["31301", "32101", "21300", "31102", "41101"])
def test_a_regulated_unit_group_answers_is_my_occupation_regulated(participant, code):
    form = OccupationForm(data={"occupation": code, "occupation_regulated": ""}, instance=Profile(user=participant))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["occupation_regulated"] is True


def test_an_unlinked_unit_group_leaves_the_answer_to_the_person(participant):
    # 64100 Retail salespersons: no order; "not linked" means unknown, never "not regulated".
    form = OccupationForm(data={"occupation": "64100", "occupation_regulated": ""}, instance=Profile(user=participant))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["occupation_regulated"] is None


def test_the_suggestions_take_a_fixed_number_of_queries(client, participant, django_assert_num_queries):
    client.force_login(participant)
    url = reverse("accounts:occupation_search")
    client.get(url, {"q": "x"})
    # user, the matching occupations by primary key: the words are looked for in the search keys
    # kept in memory (read by the first search above), and the list is rendered from the rows
    # read (it ran the search a second time before); whatever the number found (a few, the 50 shown)
    for query in ("infirmière", "ingenieur"):
        with django_assert_num_queries(2):
            response = client.get(url, {"q": query})
        assert response.status_code == 200
    # Nothing found: no occupation to read.
    with django_assert_num_queries(1):
        assert client.get(url, {"q": "ingenieur civil logiciel"}).status_code == 200


def test_the_search_follows_a_saved_example_title_and_a_renamed_occupation():
    # The search keys are kept in memory per "reference" version (accounts.selectors): each save
    # makes the next search read them again.
    assert codes_for("zythologue") == []
    examples = OccupationExampleTitles.objects.get(occupation__code="21300")
    examples.search_key += "\nzythologue"
    examples.save()
    assert codes_for("zythologue") == ["21300"]

    occupation = Occupation.objects.get(code="31301")
    occupation.name_fr = "Kinésithérapeutes de banc d'essai"
    occupation.save()
    assert codes_for("kinesitherapeutes banc") == ["31301"]

    examples.delete()
    assert codes_for("zythologue") == []


def test_loading_the_reference_again_is_searched_at_once():
    Occupation.objects.filter(code="21300").update(search_key="21300 autre chose")
    Occupation.objects.get(code="3").save()  # any saved occupation: the broken key is read
    assert "21300" not in codes_for("ingenieurs civils")
    call_command("load_noc", stdout=io.StringIO())  # bulk writes, no signal: the loader bumps the version
    assert codes_for("ingenieurs civils") == ["21300"]
