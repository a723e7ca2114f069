"""The admin's header and title follow the language of the page."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("prefix", "header", "title"),
    [
        ("", "Service d'intégration en ligne", "Administration du portail | SIEL – administration"),
        ("/en", "Online Integration Service", "Portal administration | SIEL – Administration"),
    ],
)
def test_the_admin_header_and_title_are_translated(admin_client, prefix, header, title):
    content = admin_client.get(f"{prefix}/admin/").content.decode().replace("&#x27;", "'")
    assert header in content
    assert f"<title>{title}</title>" in content
