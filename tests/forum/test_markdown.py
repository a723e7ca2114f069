"""Posts' Markdown: js-default (no raw HTML), nh3's allow-list, nofollow links, images as links."""

from forum.markdown import quote_markdown, render_markdown


def test_raw_html_is_escaped_not_passed_through():
    html = render_markdown('<script>alert(1)</script> <img src=x onerror="alert(1)"> <b>gras</b>')
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html


def test_links_get_nofollow_ugc_noopener_and_unsafe_schemes_are_dropped():
    html = render_markdown("[site](https://example.org) [x](javascript:alert(1)) [d](data:text/html,hi)")
    assert '<a href="https://example.org" rel="nofollow ugc noopener">site</a>' in html
    assert "javascript:" not in html.replace("[x](javascript:alert(1))", "")
    assert 'href="javascript' not in html and 'href="data' not in html


def test_images_are_links_never_embedded():
    html = render_markdown("![plan du métro](https://example.org/metro.png)")
    assert "<img" not in html
    assert '<a href="https://example.org/metro.png" rel="nofollow ugc noopener">plan du métro</a>' in html


def test_headings_start_below_the_page_title():
    assert render_markdown("# Titre").startswith("<h3>")


def test_without_links_the_text_stays_and_the_link_goes():
    html = render_markdown("voir [ce site](https://spam.example)", links=False)
    assert "<a" not in html and "ce site" in html


def test_a_quote_is_a_markdown_blockquote_with_the_name():
    quoted = quote_markdown(name="Amina", body="Ligne 1\n\nLigne 2")
    assert quoted.startswith("> **Amina** :")
    assert "<blockquote>" in render_markdown(quoted + "Ma réponse")
