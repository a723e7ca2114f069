from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import LANGUAGE_QUERY_PARAMETER
from django.views.i18n import set_language as django_set_language

from accounts.services import user_set_language


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, with the page to come back to read in its own language.

    Django translates `next` by resolving it in the language active for this request (the cookie's
    or the browser's), which is not the language of the page the person clicked on: from /en/ with
    a French browser, /en/ does not resolve, and Django sent them back to /en/ — a French-first
    portal trapped people in English. Resolving `next` in the language of its own prefix fixes it.
    """
    next_url = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    page_language = translation.get_language_from_path(urlsplit(next_url).path) or settings.LANGUAGE_CODE
    with translation.override(page_language):
        response = django_set_language(request)
    language = request.POST.get(LANGUAGE_QUERY_PARAMETER)
    if response.status_code == 302 and request.user.is_authenticated and translation.check_for_language(language):
        user_set_language(user=request.user, language=language)
    return response
