"""Settings of the portal, read from environment variables (see the README's table).

With no environment at all the portal runs embedded: SQLite, in-memory channel layer,
local-memory cache and eager Celery. Setting DATABASE_URL and REDIS_URL switches to the
production-like services.
"""

import zoneinfo
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set and DEBUG is off. Set SECRET_KEY to a long random value "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=true for local development."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "daphne",
    "accounts.admin_site.PortalAdminConfig",  # django.contrib.admin with one section for accounts
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    # Before allauth: our French wording of its messages wins (see the app's docstring).
    "integration_portal.wording",
    # Third-party
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "template_partials",
    "django_countries",
    "django_celery_beat",
    "channels",
    "bootstrap",
    "csp",
    "pgtrigger",
    "pghistory",
    # The portal's apps
    "accounts",
    "action_plan",
    "content",
    "forum",
    "coaching",
    "job_feed",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cache versions read once per request (integration_portal/versioned_cache.py).
    "integration_portal.versioned_cache.VersionsPerRequestMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the body (CsrfViewMiddleware reads the form).
    "integration_portal.request_limits.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "integration_portal.headers.SecurityHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    "accounts.middleware.StaffTwoFactorMiddleware",
    "accounts.middleware.PolicyConsentMiddleware",
    # Staff requests only: who and which page, attached to the audit trail's rows (reporting/).
    "reporting.middleware.StaffHistoryMiddleware",
]

ROOT_URLCONF = "integration_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "integration_portal.wsgi.application"
ASGI_APPLICATION = "integration_portal.asgi.application"

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
USES_POSTGRESQL = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
# Under ASGI every request runs in a thread of its own, so Django's persistent connections
# (CONN_MAX_AGE) are never reused there: each request opened a PostgreSQL connection and left the
# old one to the garbage collector. psycopg's pool, shared by the threads of a process, is Django's
# answer (5.1+); Celery closes it in forked workers. DATABASE_POOL=false goes back to CONN_MAX_AGE.
if USES_POSTGRESQL and env.bool("DATABASE_POOL", default=True):
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # Django refuses persistent connections with a pool
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": env.int("DATABASE_POOL_MAX_SIZE", default=10),
        "timeout": 10,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) are a PostgreSQL feature; the embedded SQLite default simply ignores them.
SILENCED_SYSTEM_CHECKS = [] if USES_POSTGRESQL else ["models.W040"]

# --- Audit trail (reporting/, django-pghistory on django-pgtrigger) ----------------------------
# The triggers on other apps' tables are installed after every migrate rather than written into
# those apps' migrations, so tracking a model never touches its app's migration folder.
PGTRIGGER_MIGRATIONS = False
PGTRIGGER_INSTALL_ON_MIGRATE = True
# The reports never show a count under this (a cell of 1 to 4 people reads "< 5").
REPORTING_SMALL_CELL = env.int("REPORTING_SMALL_CELL", default=5)
# A report is built at most once per this many seconds for the same filters (0: every time). Above
# the 15 minutes between two progress refreshes, which also rebuild the default report ahead.
REPORTING_CACHE_SECONDS = env.int("REPORTING_CACHE_SECONDS", default=20 * 60)

# --- Redis: cache, sessions, channel layer, Celery -----------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")

# The interview room has a channel layer of its own (coaching/README.md, "Channel layer"):
# - capacity 500: a person's channel holds up to 500 undelivered events before new ones are
#   dropped; a burst of ICE candidates plus a chat backlog stays far below it (tested with 200).
# - expiry 30 s: an event nobody reads within 30 s is dropped (its reader has gone; the chat is
#   in the database and resent on reconnection, signalling is restarted by the browsers).
# - group_expiry 90 s: a connection that vanished without `disconnect` (process killed, network
#   cut) leaves the room's group within 90 s; live connections renew their membership on every
#   heartbeat (20 s). The notification sockets keep channels_redis's default of one day.
ROOM_CHANNEL_LAYER_LIMITS = {"capacity": 500, "expiry": 30, "group_expiry": 90}
# channels_redis waits for a consumer's next event with BZPOPMIN for 5 s; redis-py 8 reads with a
# 5 s socket timeout by default, so an idle websocket (no event for 5 s) died with "Timeout
# reading from Redis". The socket timeout stays finite (a dead Redis still fails) but longer.
# redis-py 8 refuses a command at once when a pool is full (it does not wait): its default of 100
# connections per process was exhausted when a hundred sockets closed together, each discarding
# its groups, and those consumers died before cleaning up (tests/coaching/test_room_consumer.py).
# Connections are opened only as needed; Redis accepts 10,000 clients by default.
CHANNEL_LAYER_HOSTS = [
    {
        "address": REDIS_URL,
        "socket_timeout": 15,
        "max_connections": env.int("CHANNEL_LAYER_MAX_CONNECTIONS", default=1000),
    }
]

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            "OPTIONS": {
                "socket_connect_timeout": 2,
                "socket_timeout": 2,
                # One pool per process: under ASGI Django makes a cache client per request.
                "pool_class": "integration_portal.cache.SharedConnectionPool",
            },
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": CHANNEL_LAYER_HOSTS, "prefix": "portal:asgi"},
        },
        "room": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": CHANNEL_LAYER_HOSTS, "prefix": "portal:room", **ROOM_CHANNEL_LAYER_LIMITS},
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels.layers.InMemoryChannelLayer"},
        "room": {"BACKEND": "channels.layers.InMemoryChannelLayer", "CONFIG": ROOM_CHANNEL_LAYER_LIMITS},
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# Without Redis there is no worker: tasks run in the calling process.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Long idempotent tasks (the job feed import) acknowledge late (acks_late and
# reject_on_worker_lost are set on those tasks), so a worker that dies mid-task gives the
# message back. With late acks, a worker must not reserve messages it has not started: with
# prefetch of one, a killed worker strands only the task it was running.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# On Redis an unacknowledged message goes back to the queue after the visibility timeout.
# It must exceed the longest task time limit (30 min), or a task still running would be
# handed to a second worker; the worker-kill test lowers it (env) so redelivery is quick.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60)}

# --- Authentication (django-allauth) -------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# Confirming in the browser that signed up logs in (allauth checks it is the same session).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, stated here so that they are seen and kept on.
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}
# Subjects begin with the service's name, in the person's language (accounts.adapters, accounts.mail).
# Sign-up asks for consent to the terms and the privacy policy (the adapter records it).
ACCOUNT_FORMS = {"signup": "accounts.privacy_forms.ConsentSignupForm"}
# Staff must set up TOTP (accounts.middleware.StaffTwoFactorMiddleware).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Service d'intégration en ligne"
# Tracking activity would write to the database on every request; sessions are recorded at login.
USERSESSIONS_TRACK_ACTIVITY = False
# Session lifetimes (accounts/sessions.py): staff are signed out after 30 minutes without activity
# and 12 hours at most; participants two weeks after their last activity.
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=30 * 60)
STAFF_SESSION_MAX_SECONDS = env.int("STAFF_SESSION_MAX_SECONDS", default=12 * 60 * 60)
PARTICIPANT_SESSION_IDLE_SECONDS = env.int("PARTICIPANT_SESSION_IDLE_SECONDS", default=14 * 24 * 60 * 60)
SESSION_COOKIE_AGE = PARTICIPANT_SESSION_IDLE_SECONDS

# Law 25: the person in charge of the protection of personal information, shown in the policy.
PRIVACY_OFFICER_EMAIL = env.str("PRIVACY_OFFICER_EMAIL", default="confidentialite@localhost")

# --- Email ------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Service d'intégration en ligne <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A mail server that does not answer must not hold a worker (or, under `make run`, a request) for
# long: Django's default is no timeout at all. Failed sends are retried by accounts.emails.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
EMAIL_RETRY_BACKOFF_SECONDS = env.int("EMAIL_RETRY_BACKOFF_SECONDS", default=30)

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "fr-ca"
LANGUAGES = [
    ("fr-ca", _("Français")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Django's fr_CA times read "22 10 30" for 22 h 30 (an unescaped "h"): corrected there.
FORMAT_MODULE_PATH = ["integration_portal.formats"]
TIME_ZONE = "America/Montreal"  # the portal's zone: code reads settings.TIME_ZONE (User.time_zone's default repeats it)
CELERY_TIMEZONE = TIME_ZONE  # beat schedules (crontabs) run on the portal's clock
# Zone rules come from the pinned tzdata package, never from the machine's /usr/share/zoneinfo:
# every server (and a fresh clone) then applies the same daylight-saving rules, updated by a pin.
zoneinfo.reset_tzpath(to=[])
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Participants' deliverables live outside the web root and are served only through views.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Largest request body, refused before it is read (integration_portal/request_limits.py): above
# the largest deliverable (20 MB) for the portal, above the largest capsule video for the admin.
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=25 * 1024 * 1024)
ADMIN_REQUEST_MAX_BYTES = env.int("ADMIN_REQUEST_MAX_BYTES", default=210 * 1024 * 1024)

# --- Forms ------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# With secure cookies the site is HTTPS: plain HTTP is redirected (the proxy usually does it first),
# except the health probes, which the orchestrator sends inside the network.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=SESSION_COOKIE_SECURE)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]
# HSTS by default in production (sent on HTTPS responses only); SECURE_HSTS_SECONDS lowers it,
# e.g. to 300 while a new domain is tried, or 0 to turn it off.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Joining browsers' preload list is the domain owner's decision (hstspreload.org), not a default.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): no inline script or style and no eval anywhere; scripts,
# styles, fonts and images from the portal itself (no CDN). Data goes to scripts through data-*
# attributes or json_script; htmx is told not to inject its indicator style (base.html's meta).
# Videos may be played from outside addresses (a capsule's source URL).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "media-src": ["'self'", "https:"],
        "connect-src": ["'self'"],
        "frame-src": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Logging: no personal data, ever (Law 25) --------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # A refused page (403) is a line, not a traceback: it is an answer, not a fault.
    "filters": {"forbidden_in_one_line": {"()": "integration_portal.logs.ForbiddenInOneLine"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["forbidden_in_one_line"]}
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Request lines carry emails in query strings and paths; keep them out of the logs.
        "django.server": {"level": "WARNING"},
        # One line per trigger installed after every migrate: only problems are worth a line.
        "pgtrigger": {"level": "WARNING"},
    },
}

# Placement en ligne and other job feeds (job_feed app).
JOB_FEED_MAX_BYTES = env.int("JOB_FEED_MAX_BYTES", default=200 * 1024 * 1024)
# Hosts a feed may be fetched from although they are not public addresses (job_feed.fetch refuses
# loopback, private, link-local… otherwise): the portal itself serves the sample feed to `make run`.
JOB_FEED_ALLOWED_HOSTS = env.list("JOB_FEED_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
# Largest single offer (bytes read between two offers): the parser never holds more of the feed.
JOB_FEED_MAX_NODE_BYTES = env.int("JOB_FEED_MAX_NODE_BYTES", default=1024 * 1024)

# --- Interview room: WebRTC (coaching/README.md, "Audio and video") --------------------------
# ICE servers given to the two browsers of an interview. Empty: direct connections only (the
# same local network). TURN credentials are never static: the portal derives short-lived ones
# per person and interview from WEBRTC_TURN_SECRET (coturn's use-auth-secret REST scheme).
WEBRTC_STUN_URLS = env.list("WEBRTC_STUN_URLS", default=[])
WEBRTC_TURN_URLS = env.list("WEBRTC_TURN_URLS", default=[])
WEBRTC_TURN_SECRET = env.str("WEBRTC_TURN_SECRET", default="")
WEBRTC_TURN_CREDENTIAL_SECONDS = env.int("WEBRTC_TURN_CREDENTIAL_SECONDS", default=4 * 60 * 60)
# "relay" forces every call through TURN (hides each person's address from the other); "all" lets
# ICE pick a direct path when one works.
WEBRTC_ICE_TRANSPORT_POLICY = env.str("WEBRTC_ICE_TRANSPORT_POLICY", default="all")
# Chat messages one person may send per 20 s in an interview room (a conversation sends far
# fewer); `make bench` raises it to time thousands of round trips.
ROOM_CHAT_RATE_MESSAGES = env.int("ROOM_CHAT_RATE_MESSAGES", default=20)
