"""The rules: conditions, placeholders, Markdown sanitising, dates (pure, no database); link checks."""

import datetime

import pytest

from action_plan import rules
from action_plan.models import TemplateStep


def facts(**overrides) -> rules.ProfileFacts:
    values = {
        "is_abroad": False,
        "region_code": "03",
        "region_name_fr": "Capitale-Nationale",
        "region_name_en": "Capitale-Nationale",
        "occupation_code": "31301",
        "occupation_name_fr": "Infirmières autorisées",
        "occupation_name_en": "Registered nurses",
        "regulated": True,
        "french_level": 7,
        "has_children": False,
        "order_name_fr": "",
        "order_name_en": "",
    }
    values.update(overrides)
    return rules.ProfileFacts(**values)


def test_a_step_without_conditions_is_for_everyone():
    assert rules.step_applies(TemplateStep(), facts())
    assert rules.step_applies(TemplateStep(), facts(is_abroad=True, region_code="", occupation_code=""))


def test_conditions_combine_with_and():
    step = TemplateStep(cond_region_codes="03", cond_regulated=True)
    assert rules.step_applies(step, facts())
    assert not rules.step_applies(step, facts(regulated=False))
    assert not rules.step_applies(step, facts(region_code="06"))


def test_the_situation_condition_separates_abroad_and_arrived():
    abroad = TemplateStep(cond_stage="abroad")
    arrived = TemplateStep(cond_stage="arrived")
    assert rules.step_applies(abroad, facts(is_abroad=True)) and not rules.step_applies(abroad, facts())
    assert rules.step_applies(arrived, facts()) and not rules.step_applies(arrived, facts(is_abroad=True))


def test_region_codes_are_read_with_or_without_leading_zero():
    step = TemplateStep(cond_region_codes="3, 06")
    assert rules.step_applies(step, facts(region_code="03"))
    assert rules.step_applies(step, facts(region_code="06"))
    assert not rules.step_applies(step, facts(region_code="13"))


def test_occupation_matches_by_broad_category_or_code_prefix():
    assert rules.step_applies(TemplateStep(cond_occupation_prefixes="3"), facts())
    assert rules.step_applies(TemplateStep(cond_occupation_prefixes="2, 313"), facts())
    assert not rules.step_applies(TemplateStep(cond_occupation_prefixes="2"), facts())
    assert not rules.step_applies(TemplateStep(cond_occupation_prefixes="3"), facts(occupation_code=""))


def test_an_unknown_code_matches_nobody_instead_of_failing():
    assert not rules.step_applies(TemplateStep(cond_region_codes="99"), facts())
    assert not rules.step_applies(TemplateStep(cond_occupation_prefixes="77777"), facts())


def test_french_level_range_is_inclusive_and_needs_a_known_level():
    step = TemplateStep(cond_french_min=4, cond_french_max=7)
    assert rules.step_applies(step, facts(french_level=4))
    assert rules.step_applies(step, facts(french_level=7))
    assert not rules.step_applies(step, facts(french_level=8))
    assert not rules.step_applies(step, facts(french_level=None))


def test_regulated_and_children_conditions_need_an_exact_answer():
    assert not rules.step_applies(TemplateStep(cond_regulated=True), facts(regulated=None))
    assert rules.step_applies(TemplateStep(cond_has_children=True), facts(has_children=True))
    assert not rules.step_applies(TemplateStep(cond_has_children=True), facts())


def test_placeholders_are_filled_in_each_language_with_fallbacks():
    text = "Région : {region}; métier : {occupation}; ordre : {order}; {unknown} {"
    french = rules.fill_placeholders(
        text, facts(order_name_fr="Ordre des infirmières et infirmiers du Québec"), language="fr"
    )
    assert "Capitale-Nationale" in french and "Ordre des infirmières" in french
    assert "{unknown} {" in french
    english = rules.fill_placeholders("{occupation} – {order}", facts(), language="en")
    assert english.startswith("Registered nurses")
    # The English wording comes from the catalogue; either way the placeholder itself never shows.
    assert "{order}" not in english and english.split(" – ")[1]


def test_markdown_is_rendered_and_sanitised():
    html = rules.render_markdown(
        "**gras** <script>alert(1)</script> [lien](javascript:alert(1)) [ok](https://quebec.ca)"
    )
    assert "<strong>gras</strong>" in html
    assert "<script" not in html
    assert "javascript:" not in html
    assert 'href="https://quebec.ca"' in html


def test_the_start_day_is_today_in_the_persons_time_zone():
    # Sunday 23:30 in Montréal is already Monday in Paris.
    now = datetime.datetime(2026, 11, 30, 4, 30, tzinfo=datetime.UTC)
    assert rules.local_today(now=now, time_zone="America/Montreal") == datetime.date(2026, 11, 29)
    assert rules.local_today(now=now, time_zone="Europe/Paris") == datetime.date(2026, 11, 30)


START = datetime.date(2027, 1, 4)


def test_a_task_opens_with_its_week():
    slot = rules.schedule(template_week=3, timing="any", start_date=START, arrival_date=None)
    assert (slot.week, slot.opens_on, slot.due_on) == (3, datetime.date(2027, 1, 18), datetime.date(2027, 1, 24))


def test_before_arrival_tasks_are_due_before_the_arrival_date():
    slot = rules.schedule(
        template_week=8, timing="before_arrival", start_date=START, arrival_date=datetime.date(2027, 1, 27)
    )
    assert slot.due_on == datetime.date(2027, 1, 26)
    assert slot.opens_on <= slot.due_on and slot.opens_on >= START
    assert slot.week == 3


def test_after_arrival_tasks_open_on_the_arrival_date_at_the_earliest():
    arrival = datetime.date(2027, 3, 10)
    slot = rules.schedule(template_week=2, timing="after_arrival", start_date=START, arrival_date=arrival)
    assert slot.opens_on == arrival
    assert slot.week == 10
    later = rules.schedule(
        template_week=11, timing="after_arrival", start_date=START, arrival_date=datetime.date(2027, 1, 5)
    )
    assert later.opens_on == datetime.date(2027, 3, 15)


def test_values_from_the_profile_cannot_add_markup_to_the_instructions():
    filler = rules.Filler(facts(region_name_fr="<script>x</script> & Co"))
    html = filler.html("Votre région : **{region}**", language="fr")
    assert html == "<p>Votre région : <strong>&lt;script&gt;x&lt;/script&gt; &amp; Co</strong></p>"
    assert filler.text("{region}", language="fr") == "<script>x</script> & Co"  # titles are escaped by templates


@pytest.mark.django_db
def test_a_link_to_a_content_item_that_does_not_exist_is_refused_in_the_admin_form():
    from django.core.exceptions import ValidationError

    from action_plan.models import StepLink

    with pytest.raises(ValidationError, match="Aucun contenu publié"):
        StepLink(kind="capsule", object_id=999_999, label_fr="Capsule").clean()
    with pytest.raises(ValidationError, match="adresse"):
        StepLink(kind="url", label_fr="Lien").clean()
    StepLink(kind="job_offers", query="region={region_code}", label_fr="Offres").clean()
