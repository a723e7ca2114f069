"""What every e-mail of the portal shares: the service's name in the subject, and an HTML part
beside the plain text (some mail programs show only one or the other)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext


def service_name() -> str:
    return gettext("Service d'intégration en ligne")


def service_subject(subject: str) -> str:
    """The subject led by the service's name, as people see it in their inbox."""
    return gettext("%(service)s – %(subject)s") % {"service": service_name(), "subject": subject}


class ServiceSite:
    """Stands for django.contrib.sites' Site in allauth's e-mails: the service's name and public
    address (SITE_URL), rather than the host the request came through ("127.0.0.1:8101")."""

    @property
    def name(self) -> str:
        return service_name()

    @property
    def domain(self) -> str:
        return urlsplit(settings.SITE_URL).netloc


def add_html_part(message: EmailMultiAlternatives) -> EmailMultiAlternatives:
    """Give a plain-text message its HTML part, rendered in the active language, if it has none."""
    if not any(mimetype == "text/html" for _content, mimetype in message.alternatives):
        html = render_to_string(
            "emails/message.html",
            {
                "subject": message.subject,
                "text": message.body,
                "service": service_name(),
                "site_url": settings.SITE_URL,
            },
        )
        message.attach_alternative(html, "text/html")
    return message
