from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobFeedConfig(AppConfig):
    name = "job_feed"
    verbose_name = _("Offres d'emploi")
