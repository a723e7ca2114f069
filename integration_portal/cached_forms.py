"""A cached fragment that holds forms: the reader's CSRF token is put in after the cache.

Rendered with `csrf_placeholder()` as its `csrf_token`, the fragment is the same for everyone
who sees the same content and buttons; `with_reader_token(html, context)` then writes the token
of whoever reads the page (a different one on every response). The placeholder is derived from
the secret key, so no text a person wrote can contain it.
"""

import hashlib

from django.conf import settings


def csrf_placeholder() -> str:
    secret = hashlib.sha256(("cached-form-csrf:" + settings.SECRET_KEY).encode()).hexdigest()[:32]
    return f"csrf{secret}"


def with_reader_token(html: str, context) -> str:
    placeholder = csrf_placeholder()
    if placeholder in html:
        html = html.replace(placeholder, str(context.get("csrf_token", "")))
    return html
