from django.apps import AppConfig


class WordingConfig(AppConfig):
    """Our French wording of django-allauth's messages: « courriel », never « e-mail » (the
    Office québécois de la langue française's term, used everywhere else in the portal).

    Its catalogue (locale/fr_CA) holds only allauth's messages that speak of e-mail, reworded by
    build.py from allauth's own French. Listed before allauth in INSTALLED_APPS: Django prefers the
    translation of the app listed first. It has no strings of its own, so makemessages leaves it.
    """

    name = "integration_portal.wording"
    label = "wording"
