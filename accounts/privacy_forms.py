"""Forms of the privacy pages: consent at sign-up and at a new version, account deletion."""

from allauth.account.forms import SignupForm
from django import forms
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import PolicyVersion, User


def policy_label(document: str) -> str:
    """The checkbox label, with a link to the document that opens beside the form."""
    if document == PolicyVersion.Document.TERMS:
        text = gettext(
            'J\'ai lu et j\'accepte les <a href="%(url)s" target="_blank" rel="noopener">conditions d\'utilisation</a>.'
        )
        url = reverse("legal:terms")
    else:
        text = gettext(
            'J\'ai lu la <a href="%(url)s" target="_blank" rel="noopener">politique de '
            "confidentialité</a> et je consens à la collecte et à l'utilisation de mes renseignements "
            "personnels qui y sont décrites."
        )
        url = reverse("legal:privacy")
    return mark_safe(text % {"url": escape(url)})  # our own translated text; the URL is escaped


class PolicyConsentFieldsMixin(forms.Form):
    accept_terms = forms.BooleanField(
        required=True,
        error_messages={"required": _("Vous devez accepter les conditions d'utilisation pour continuer.")},
    )
    accept_privacy = forms.BooleanField(
        required=True,
        error_messages={"required": _("Vous devez accepter la politique de confidentialité pour continuer.")},
    )

    def set_policy_labels(self) -> None:
        self.fields["accept_terms"].label = policy_label(PolicyVersion.Document.TERMS)
        self.fields["accept_privacy"].label = policy_label(PolicyVersion.Document.PRIVACY)


class ConsentSignupForm(PolicyConsentFieldsMixin, SignupForm):
    """allauth's sign-up form with the two consents (ACCOUNT_FORMS["signup"]); the adapter records them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_policy_labels()
        # The consents come last, after the email and password.
        for name in ("accept_terms", "accept_privacy"):
            self.fields[name] = self.fields.pop(name)


class ConsentForm(PolicyConsentFieldsMixin):
    """Asked again at login when a new version is in force: only the documents not yet accepted."""

    def __init__(self, *args, documents: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.set_policy_labels()
        if PolicyVersion.Document.TERMS not in documents:
            del self.fields["accept_terms"]
        if PolicyVersion.Document.PRIVACY not in documents:
            del self.fields["accept_privacy"]


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Votre mot de passe actuel"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("Je comprends que la suppression est définitive et que mes données ne pourront pas être récupérées."),
        required=True,
        error_messages={"required": _("Cochez cette case pour confirmer la suppression.")},
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("Ce mot de passe n'est pas le bon. Rien n'a été supprimé."), code="wrong_password"
            )
        return password
