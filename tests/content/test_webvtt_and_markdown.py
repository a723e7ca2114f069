import pytest
from django.core.exceptions import ValidationError

from content import webvtt
from content.markdown import render_markdown, sanitise_html
from content.validators import sniff_image, sniff_media, validate_webvtt_text

GOOD = (
    "WEBVTT\n\nNOTE made by hand\n\n1\n00:00:01.000 --> 00:00:03.500 align:center\nBonjour\n\n"
    "00:04.000 --> 00:06.000\nSalut\n"
)


def test_it_reads_the_cues_of_valid_captions():
    cues = webvtt.parse(GOOD)
    assert [(cue.start, cue.end, cue.text) for cue in cues] == [(1.0, 3.5, "Bonjour"), (4.0, 6.0, "Salut")]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("WEBVT\n\n00:00:01.000 --> 00:00:02.000\nx\n", 1),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nx\n\n00:00:03,000 --> 00:00:04.000\ny\n", 6),
        ("WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nx\n", 3),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n", 3),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nx\n00:00:03.000 --> 00:00:04.000\ny\n", 5),
        ("WEBVTT\n", 2),
    ],
)
def test_it_names_the_bad_line_of_invalid_captions(text, line):
    with pytest.raises(ValidationError) as error:
        validate_webvtt_text(text)
    assert f"ligne {line}" in error.value.messages[0]


def test_it_builds_captions_that_it_reads_back():
    text = webvtt.build([(0, 1.25, "Un"), (2, 3605.5, "Deux")])
    assert [(cue.start, cue.end) for cue in webvtt.parse(text)] == [(0, 1.25), (2, 3605.5)]


def test_it_makes_scripts_event_handlers_and_javascript_urls_inert():
    html = render_markdown(
        "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
        '[clic](javascript:alert(3)) <a href="javascript:alert(4)" onclick="alert(5)">lien</a>'
    )
    assert "<script" not in html
    assert "onerror" not in html and "onclick" not in html
    assert "javascript:" not in html
    assert "<img" not in html


def test_it_keeps_the_markdown_an_article_needs():
    html = render_markdown("## Titre\n\n- **gras** et [lien](https://quebec.ca)\n")
    assert "<h2>Titre</h2>" in html
    assert '<a href="https://quebec.ca" rel="noopener noreferrer nofollow">lien</a>' in html


def test_it_drops_style_attributes_and_iframes():
    assert sanitise_html('<p style="x"><iframe src="https://x"></iframe>ok</p>') == "<p>ok</p>"


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\x00\x00\x00\x18ftypmp42\x00\x00", "video/mp4"),
        (b"\x00\x00\x00\x18ftypM4A \x00\x00", "audio/mp4"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81", "video/webm"),
        (b"ID3\x04\x00\x00\x00\x00", "audio/mpeg"),
        (b"MZ\x90\x00\x03\x00\x00\x00", None),
        (b"<html><script>", None),
    ],
)
def test_it_recognises_media_by_their_bytes(head, kind):
    assert sniff_media(head) == kind


def test_it_recognises_images_by_their_bytes():
    assert sniff_image(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert sniff_image(b"GIF89a") is None
