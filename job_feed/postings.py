"""The offer as the whole app knows it, whatever feed it came from.

Adapters read their format and hand raw fields to `posting_from_fields`, which checks them
once for every format. A bad field rejects that offer alone, with a stable reason code.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

EMPLOYMENT_TYPES = {"FULL_TIME", "PART_TIME", "TEMPORARY", "CONTRACTOR", "INTERN", "PER_DIEM", "OTHER"}
SALARY_UNITS = {"HOUR", "WEEK", "MONTH", "YEAR"}

# Reason codes stored on FeedRun.rejection_reasons, with the label the admin shows.
REJECTION_REASONS = {
    "missing_number": _("Numéro absent"),
    "duplicate_number": _("Numéro en double dans le flux"),
    "missing_title": _("Titre absent"),
    "missing_employer": _("Employeur absent"),
    "invalid_region": _("Code de région inconnu"),
    "invalid_occupation_code": _("Code CNP invalide"),
    "invalid_date_posted": _("Date de publication invalide"),
    "invalid_valid_through": _("Date d'expiration invalide"),
    "expiry_before_publication": _("Expiration avant la publication"),
    "invalid_salary": _("Salaire invalide"),
    "invalid_hours": _("Heures invalides"),
    "invalid_french_level": _("Niveau de français invalide"),
    "invalid_url": _("Lien pour postuler invalide"),
    "field_too_long": _("Champ trop long"),
    "invalid_structure": _("Offre mal structurée"),
}

MAX_LENGTHS = {"external_id": 64, "title": 255, "employer": 255, "municipality": 120, "apply_url": 500}
MAX_DESCRIPTION = 20_000


class OfferRejected(Exception):
    def __init__(self, code: str, external_id: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.external_id = external_id


@dataclass(frozen=True, slots=True)
class JobPosting:
    """schema.org JobPosting, flattened to what the portal stores."""

    external_id: str  # identifier
    title: str  # title
    employer: str  # hiringOrganization.name
    region_code: str  # jobLocation.address.addressRegion (Québec region code, "01".."17")
    municipality: str  # jobLocation.address.addressLocality
    occupation_code: str  # occupationalCategory (NOC/CNP 2021)
    salary_min: Decimal | None  # baseSalary.value.minValue
    salary_max: Decimal | None  # baseSalary.value.maxValue
    salary_unit: str  # baseSalary.value.unitText
    hours_per_week: Decimal | None  # workHours
    employment_type: str  # employmentType
    date_posted: datetime.date  # datePosted
    valid_through: datetime.date | None  # validThrough
    description: str  # description
    apply_url: str  # url / directApply
    open_to_abroad: bool  # applicantLocationRequirements beyond Canada / international recruitment
    french_level: int | None  # stated French level on the Québec scale (1 to 12)

    def content_hash(self) -> str:
        """What decides whether a stored offer must be written again."""
        # Every field's text followed by a separator, hashed in one call: the same digest as
        # feeding them one by one (as stored hashes were made), at a third of the cost.
        text = "".join([f"{getattr(self, name)}\x1f" for name in _FIELD_NAMES])
        return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


_FIELD_NAMES = tuple(field.name for field in fields(JobPosting))


def _text(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _long_text(value: object) -> str:
    if value is None:
        return ""
    lines = [" ".join(line.split()) for line in str(value).strip().splitlines()]
    return "\n".join(lines)[:MAX_DESCRIPTION]


def _date(value: object, code: str, *, required: bool) -> datetime.date | None:
    text = _text(value)
    if not text:
        if required:
            raise OfferRejected(code)
        return None
    try:
        # A date, or the date part of an ISO 8601 date-time (schema.org allows both).
        if len(text) > 10:
            return datetime.datetime.fromisoformat(text).date()
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise OfferRejected(code) from None


def _decimal(value: object, code: str, *, maximum: Decimal) -> Decimal | None:
    text = _text(value).replace(",", ".").replace(" ", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise OfferRejected(code) from None
    if not number.is_finite() or number < 0 or number > maximum:
        raise OfferRejected(code)
    return number.quantize(Decimal("0.01") if maximum > 1000 else Decimal("0.1"))


def posting_from_fields(
    *,
    external_id: object,
    title: object,
    employer: object,
    region_code: object,
    municipality: object = "",
    occupation_code: object = "",
    salary_min: object = None,
    salary_max: object = None,
    salary_unit: object = "",
    hours_per_week: object = None,
    employment_type: object = "",
    date_posted: object = None,
    valid_through: object = None,
    description: object = "",
    apply_url: object = "",
    open_to_abroad: bool = False,
    french_level: object = None,
    known_region_codes: frozenset[str],
) -> JobPosting:
    """Check and normalise one offer's raw fields; raises OfferRejected(code)."""
    number = _text(external_id)
    try:
        return _posting(
            number=number,
            title=title,
            employer=employer,
            region_code=region_code,
            municipality=municipality,
            occupation_code=occupation_code,
            salary_min=salary_min,
            salary_max=salary_max,
            salary_unit=salary_unit,
            hours_per_week=hours_per_week,
            employment_type=employment_type,
            date_posted=date_posted,
            valid_through=valid_through,
            description=description,
            apply_url=apply_url,
            open_to_abroad=open_to_abroad,
            french_level=french_level,
            known_region_codes=known_region_codes,
        )
    except OfferRejected as rejection:
        rejection.external_id = number[:64]
        raise


# The usual link, recognised without urlsplit (a third of an offer's checks): http(s)://, then a
# host with no bracket, backslash or space, up to the path, query or fragment. Anything else is
# decided by urlsplit, as before.
_PLAIN_WEB_LINK = re.compile(r"https?://[^/?#\[\]\\\s]+(?:[/?#]|\Z)", re.ASCII)


def _is_web_link(url: str) -> bool:
    if _PLAIN_WEB_LINK.match(url):
        return True
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed [IPv6] host
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _posting(*, number: str, known_region_codes: frozenset[str], **raw) -> JobPosting:
    if not number:
        raise OfferRejected("missing_number")
    title, employer = _text(raw["title"]), _text(raw["employer"])
    if not title:
        raise OfferRejected("missing_title")
    if not employer:
        raise OfferRejected("missing_employer")
    region = _text(raw["region_code"])
    region = region.zfill(2) if region.isdigit() else region
    if region not in known_region_codes:
        raise OfferRejected("invalid_region")
    occupation = _text(raw["occupation_code"])
    if occupation and not (occupation.isascii() and occupation.isdigit() and 1 <= len(occupation) <= 5):
        raise OfferRejected("invalid_occupation_code")
    posted = _date(raw["date_posted"], "invalid_date_posted", required=True)
    expires = _date(raw["valid_through"], "invalid_valid_through", required=False)
    if expires is not None and expires < posted:
        raise OfferRejected("expiry_before_publication")
    salary_min = _decimal(raw["salary_min"], "invalid_salary", maximum=Decimal("10000000"))
    salary_max = _decimal(raw["salary_max"], "invalid_salary", maximum=Decimal("10000000"))
    if salary_min is not None and salary_max is not None and salary_max < salary_min:
        raise OfferRejected("invalid_salary")
    unit = _text(raw["salary_unit"]).upper()
    if unit and unit not in SALARY_UNITS:
        raise OfferRejected("invalid_salary")
    hours = _decimal(raw["hours_per_week"], "invalid_hours", maximum=Decimal("168"))
    employment_type = _text(raw["employment_type"]).upper() or "OTHER"
    if employment_type not in EMPLOYMENT_TYPES:
        employment_type = "OTHER"
    french = _text(raw["french_level"])
    french_level = None
    if french:
        if not (french.isdigit() and 1 <= int(french) <= 12):
            raise OfferRejected("invalid_french_level")
        french_level = int(french)
    apply_url = _text(raw["apply_url"])
    # Only web links: a javascript: or data: link in a feed must never reach a page.
    if apply_url and not _is_web_link(apply_url):
        raise OfferRejected("invalid_url")
    values = {
        "external_id": number,
        "title": title,
        "employer": employer,
        "municipality": _text(raw["municipality"]),
        "apply_url": apply_url,
    }
    for name, limit in MAX_LENGTHS.items():
        if len(values[name]) > limit:
            raise OfferRejected("field_too_long")
    return JobPosting(
        external_id=number,
        title=title,
        employer=employer,
        region_code=region,
        municipality=values["municipality"],
        occupation_code=occupation,
        salary_min=salary_min,
        salary_max=salary_max,
        salary_unit=unit if (salary_min is not None or salary_max is not None) else "",
        hours_per_week=hours,
        employment_type=employment_type,
        date_posted=posted,
        valid_through=expires,
        description=_long_text(raw["description"]),
        apply_url=apply_url,
        open_to_abroad=bool(raw["open_to_abroad"]),
        french_level=french_level,
    )
