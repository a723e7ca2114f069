"""The Placement en ligne reader on its own: what it takes from each <offre>, read with expat's
callbacks (no element tree), as ElementTree's find().text read it before."""

import io

import pytest

from job_feed.adapters import FeedError, get_adapter

REGIONS = frozenset(f"{number:02d}" for number in range(1, 18))


def read(body: bytes):
    adapter = get_adapter("placement_en_ligne_xml", known_region_codes=REGIONS)
    return adapter, list(adapter.items(io.BytesIO(body)))


def offer(number: str, extra: str = "") -> str:
    return (
        f"<offre><numero>{number}</numero><titre>Soudeur</titre><employeur>Atelier</employeur>"
        f"<region>5</region><date_publication>2026-11-20</date_publication>{extra}</offre>"
    )


def test_fields_attributes_and_completeness_are_read():
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><offres complet="non">'
        + offer("1", '<salaire min="30,50" max="45" unite="heure"/><lien>https://exemple.org/1</lien>')
        + "</offres>"
    ).encode()

    adapter, items = read(body)

    posting = items[0].posting
    assert (posting.external_id, posting.region_code, posting.salary_unit) == ("1", "05", "HOUR")
    assert (str(posting.salary_min), str(posting.salary_max)) == ("30.50", "45.00")
    assert posting.apply_url == "https://exemple.org/1"
    assert adapter.is_complete is False


def test_a_field_keeps_its_text_before_a_child_and_its_first_occurrence():
    body = (
        "<offres>"
        + offer("1", "<description>Avant<b>gras</b>après</description><description>Seconde</description>")
        + "<groupe>"
        + offer("2")
        + "</groupe></offres>"
    ).encode()

    _adapter, items = read(body)

    assert items[0].posting.description == "Avant"
    # An offer inside another element is still an offer, as iterparse found it.
    assert [item.posting.external_id for item in items] == ["1", "2"]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"<offre><numero>1</numero></offre>", "racine"),
        (b'<?xml version="1.0"?><!DOCTYPE offres><offres/>', "DTD"),
        (b"<offres>&inconnue;</offres>", "mal form"),
        (b"<offres>" + offer("1").encode(), "mal form"),
    ],
)
def test_a_bad_document_is_a_feed_error(body, words):
    with pytest.raises(FeedError, match=words):
        read(body)
