"""The one pagination include (templates/includes/pagination.html) that every list uses."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation


def _render(number: int, **context) -> str:
    page = Paginator(range(95), 20).page(number)
    request = RequestFactory().get("/offres/", {"q": "soudeur", "page": number})
    with translation.override("fr-ca"):
        return render_to_string("includes/pagination.html", {"page": page, **context}, request=request)


def test_links_keep_the_other_filters_and_name_the_list():
    html = _render(2, label="Pages des offres")

    assert 'aria-label="Pages des offres"' in html
    assert 'href="?q=soudeur&amp;page=1"' in html
    assert 'href="?q=soudeur&amp;page=3"' in html
    assert "Page 2 sur 5" in html
    assert "hx-get" not in html


def test_the_first_and_last_pages_offer_only_the_way_back_or_forward():
    first, last = _render(1), _render(5)

    assert "Précédente" not in first and "Suivante" in first
    assert "Précédente" in last and "Suivante" not in last


def test_with_an_htmx_target_the_links_swap_only_the_results():
    html = _render(2, htmx_target="#results")

    assert 'hx-get="?q=soudeur&amp;page=3" hx-target="#results"' in html


def test_a_single_page_shows_no_pagination():
    page = Paginator(range(5), 20).page(1)
    assert render_to_string("includes/pagination.html", {"page": page}).strip() == ""
