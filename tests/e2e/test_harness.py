"""The browser harness itself: its accessibility check must be able to fail."""

import pytest

pytestmark = pytest.mark.e2e


def test_the_accessibility_check_fails_on_an_image_without_text(page, check_accessibility):
    page.set_content(
        '<!DOCTYPE html><html lang="fr-CA"><head><title>Essai</title></head>'
        '<body><main><h1>Essai</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>'
    )
    with pytest.raises(AssertionError, match=r"image-alt \(critical\)"):
        check_accessibility(page)


def test_the_accessibility_check_accepts_a_plain_accessible_page(page, check_accessibility):
    page.set_content(
        '<!DOCTYPE html><html lang="fr-CA"><head><title>Essai</title></head>'
        "<body><main><h1>Essai</h1><p>Bonjour.</p></main></body></html>"
    )
    check_accessibility(page)
