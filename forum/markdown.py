"""Posts' Markdown to safe HTML: markdown-it-py's `js-default` preset, then nh3.

`js-default` (CommonMark-like, raw HTML off, linkify off) is chosen because markdown-it-py's own
default preset passes raw HTML through. nh3 still cleans the result: the allow-list below is the
only markup a post can carry. Images are never embedded (no remote requests from readers'
browsers): an image becomes a plain link to its address.
"""

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

ALLOWED_TAGS = {
    "p", "br", "hr", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "a", "blockquote",
    "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "del", "s",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"


def _image_as_link(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    src = escapeHtml(token.attrGet("src") or "")
    alt = escapeHtml(self.renderInlineAsText(token.children or [], options, env) or src)
    return f'<a href="{src}">{alt}</a>'


def _parser() -> MarkdownIt:
    parser = MarkdownIt("js-default").enable("table").enable("strikethrough")
    parser.add_render_rule("image", _image_as_link)
    # Headings h1/h2 would compete with the page's own; posts start at h3.
    parser.add_render_rule("heading_open", _heading(open_tag=True))
    parser.add_render_rule("heading_close", _heading(open_tag=False))
    return parser


def _heading(*, open_tag: bool):
    def render(self, tokens, idx, options, env) -> str:
        level = min(int(tokens[idx].tag[1]) + 2, 6)
        return f"<h{level}>" if open_tag else f"</h{level}>\n"

    return render


_PARSER = _parser()


def render_markdown(text: str, *, links: bool = True) -> str:
    """Safe HTML of a post. links=False (posts waiting for approval) keeps link texts, not links."""
    html = _PARSER.render(text)
    tags = ALLOWED_TAGS if links else ALLOWED_TAGS - {"a"}
    return nh3.clean(html, tags=tags, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=LINK_REL)


def quote_markdown(*, name: str, body: str) -> str:
    """The Markdown a reply starts with when quoting a post."""
    quoted = "\n".join(f"> {line}" if line else ">" for line in body.strip().splitlines())
    return f"> **{name}** :\n>\n{quoted}\n\n"
