"""Response headers the portal adds beside Django's SecurityMiddleware and django-csp.

- Permissions-Policy: every powerful feature off for every page; a view that needs camera and
  microphone (the interview room) opts in with @allow_camera_and_microphone.
- Cache-Control: no-store on pages that show personal data, so that neither a shared computer's
  browser cache nor a proxy keeps them: every response to a signed-in person gets it by default
  (PersonalDataNoStoreMiddleware), and @personal_data_page marks the others (a page opened with a
  token from an e-mail, a file download) explicitly.
"""

from collections.abc import Callable
from functools import wraps

from django.utils.cache import add_never_cache_headers, patch_cache_control

# Features no page uses: denied to the page and to anything it embeds.
PERMISSIONS_POLICY: dict[str, str] = {
    "accelerometer": "()",
    "autoplay": "()",
    "camera": "()",
    "display-capture": "()",
    "geolocation": "()",
    "gyroscope": "()",
    "magnetometer": "()",
    "microphone": "()",
    "midi": "()",
    "payment": "()",
    "usb": "()",
    "interest-cohort": "()",
}
MEDIA_CAPTURE = {"camera": "(self)", "microphone": "(self)"}


def permissions_policy(allowed: dict[str, str] | None = None) -> str:
    policy = {**PERMISSIONS_POLICY, **(allowed or {})}
    return ", ".join(f"{feature}={allowlist}" for feature, allowlist in policy.items())


def allow_camera_and_microphone(view: Callable) -> Callable:
    """For the interview room only: this page (not what it embeds) may ask for camera and microphone."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers["Permissions-Policy"] = permissions_policy(MEDIA_CAPTURE)
        return response

    return wrapped


def personal_data_page(view: Callable) -> Callable:
    """The response shows someone's personal data: never stored by a browser or a proxy."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response

    return wrapped


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; no-store on every response to a signed-in person
    (their name, plan, messages…) unless the view chose its own caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", permissions_policy())
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response.headers:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response
