"""The public terms of use and privacy policy (linked from the footer and the sign-up form)."""

from django.urls import path

from accounts import privacy_views

app_name = "legal"

urlpatterns = [
    path("conditions-d-utilisation/", privacy_views.terms, name="terms"),
    path("confidentialite/", privacy_views.privacy_policy, name="privacy"),
]
