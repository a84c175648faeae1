"""The one settings module. Everything that differs between machines comes from environment variables,
each with a safe default; the README lists them all. Unset, the app runs on the embedded default:
a SQLite file and Celery tasks run in-process."""

import base64
import hashlib
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from cryptography.fernet import Fernet
from csp.constants import NONCE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is verplicht als DEBUG uit staat.")
    SECRET_KEY = "onveilig-alleen-voor-ontwikkeling"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])


def _afgeleide_sleutel(doel: str) -> str:
    """DEBUG only: a key of its own per purpose, derived from SECRET_KEY, so `make run` needs no setup."""
    return hashlib.sha256(f"{doel}:{SECRET_KEY}".encode()).hexdigest()


# The BSN at rest (ADR 0013). Three keys with three purposes, none of them SECRET_KEY, so that rotating the
# session key breaks nothing and one leaked key does not open the others:
# - AUDIT_PSEUDONYM_KEY: the pseudonyms (keyed hash) of data subjects in the audit log;
# - BSN_ENCRYPTION_KEY: Fernet keys, comma-separated, the current one first (older ones only decrypt,
#   until `manage.py roteer_bsn_sleutel` has re-encrypted every row);
# - BSN_BLIND_INDEX_KEY: the keyed hash a BSN is matched and kept unique on.
AUDIT_PSEUDONYM_KEY = env.str("AUDIT_PSEUDONYM_KEY", default="")
BSN_ENCRYPTION_KEYS = env.list("BSN_ENCRYPTION_KEY", default=[])
BSN_BLIND_INDEX_KEY = env.str("BSN_BLIND_INDEX_KEY", default="")
if DEBUG:
    AUDIT_PSEUDONYM_KEY = AUDIT_PSEUDONYM_KEY or _afgeleide_sleutel("audit-pseudoniem")
    BSN_ENCRYPTION_KEYS = BSN_ENCRYPTION_KEYS or [
        base64.urlsafe_b64encode(bytes.fromhex(_afgeleide_sleutel("bsn-versleuteling"))).decode()
    ]
    BSN_BLIND_INDEX_KEY = BSN_BLIND_INDEX_KEY or _afgeleide_sleutel("bsn-blinde-index")
_ontbrekend = [
    naam
    for naam, waarde in (
        ("AUDIT_PSEUDONYM_KEY", AUDIT_PSEUDONYM_KEY),
        ("BSN_ENCRYPTION_KEY", BSN_ENCRYPTION_KEYS),
        ("BSN_BLIND_INDEX_KEY", BSN_BLIND_INDEX_KEY),
    )
    if not waarde
]
if _ontbrekend:
    raise ImproperlyConfigured(
        f"{', '.join(_ontbrekend)} {'is' if len(_ontbrekend) == 1 else 'zijn'} verplicht als DEBUG uit staat "
        "(zie de tabel met instellingen in README.md)."
    )
for _sleutel in BSN_ENCRYPTION_KEYS:
    try:
        Fernet(_sleutel)
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            "BSN_ENCRYPTION_KEY moet bestaan uit Fernet-sleutels (32 bytes, url-safe base64), gescheiden door "
            "komma's. Maak er een met: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'"
        ) from None
_alle_sleutels = [SECRET_KEY, AUDIT_PSEUDONYM_KEY, BSN_BLIND_INDEX_KEY, *BSN_ENCRYPTION_KEYS]
if len(set(_alle_sleutels)) != len(_alle_sleutels):
    raise ImproperlyConfigured(
        "SECRET_KEY, AUDIT_PSEUDONYM_KEY, BSN_BLIND_INDEX_KEY en de sleutels in BSN_ENCRYPTION_KEY moeten "
        "allemaal verschillend zijn."
    )
# Key for the hash chain that makes the audit log tamper-evident (ADR 0006). It must never change once
# records exist (old records would no longer verify); set it separately from the pseudonym key in production.
AUDIT_CHAIN_KEY = env.str("AUDIT_CHAIN_KEY", default=AUDIT_PSEUDONYM_KEY)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "pgtrigger",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "venlo_armoede.accounts",
    "venlo_armoede.audit",
    "venlo_armoede.omgeving",
    "cases",
    "partners",
    "regelingen",
    "monitoring",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "venlo_armoede.accounts.middleware.NietBewaren",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "venlo_armoede.accounts.middleware.TweedeStapVerplicht",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "venlo_armoede.audit.middleware.TraceMiddleware",
    "venlo_armoede.accounts.logboek.BeheerActorMiddleware",
    # Last, so the pages it renders have a user, messages and CSP; still before any view reads the body.
    "venlo_armoede.middleware.InvoerGrenzenMiddleware",
]

# Hostile input (ADR 0008): body size checked before reading, JSON depth before parsing.
MAX_VERZOEK_BYTES = env.int("MAX_REQUEST_BYTES", default=1024 * 1024)
MAX_JSON_DIEPTE = env.int("MAX_JSON_DEPTH", default=20)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_VERZOEK_BYTES

ROOT_URLCONF = "venlo_armoede.urls"
WSGI_APPLICATION = "venlo_armoede.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "venlo_armoede.accounts.context_processors.rollen",
            ],
            # The project's own template tags (venlo_armoede itself is not an app, so named here).
            "libraries": {"tabellen": "venlo_armoede.templatetags.tabellen"},
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Short OLTP queries: PostgreSQL's JIT compiled a 30 ms search for 700 ms; it only pays off for long
    # analytical queries, which this application runs in Celery, not on a page.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the Celery worker in the integration tests must see the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test_db.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and security ----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login lockout: 5 failures lock that user+address for 30 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/geblokkeerd.html"
AXES_VERBOSE = False
# Whose address counts. Directly on the internet: the connection's own address; the X-Forwarded-For
# header is ignored, so nobody can pose as someone else. Behind the TLS proxy (BEHIND_TLS_PROXY=1) every
# connection comes from the proxy, which would lock all users out together; the proxy then sets
# X-Real-IP to the address it saw (overwriting what a client sent), and that header counts.
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_REAL_IP", "REMOTE_ADDR") if BEHIND_TLS_PROXY else ("REMOTE_ADDR",)

# Two-factor login (django-otp, TOTP; ADR 0007). Every signed-in user must pass the code step.
# django-otp's own exponential back-off is off: we lock instead, after TWEEDE_STAP_MAX_FOUTEN wrong codes
# in a row, for TWEEDE_STAP_BLOKKADE (accounts/tweede_stap.py).
OTP_TOTP_ISSUER = "Geldzorgen Venlo"
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
TWEEDE_STAP_MAX_FOUTEN = 5
TWEEDE_STAP_BLOKKADE = timedelta(minutes=30)
TWEEDE_STAP_TIJD = timedelta(minutes=5)  # from password to code; after that, start again

# Short staff sessions: a working day at most, gone when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # probes inside the cluster speak plain http
# HSTS: off by default (a wrong value locks browsers into https for that long); production sets a year.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)

# Strict Content-Security-Policy: everything from our own origin, inline code only with a nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": ["'none'"],
        "form-action": [SELF],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}

# --- Language and time --------------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
# The public "check je recht" page speaks these (locale/<code>/LC_MESSAGES/django.po); the rest of the
# application is Dutch only. Add a language here and in locale/ to offer it.
CHECK_JE_RECHT_TALEN = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files: NL Design System CSS comes from npm (node_modules), never from a CDN -----------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("nlds/utrecht", BASE_DIR / "node_modules" / "@utrecht" / "component-library-css" / "dist"),
    ("nlds/tokens", BASE_DIR / "node_modules" / "@utrecht" / "design-tokens" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- E-mail -------------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="geldzorgen@venlo.nl")
# The address of this application as its users reach it, for the links in e-mails (they carry no personal data).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# --- Domain -------------------------------------------------------------------------------------
# The event from which the NVVK norm of 120 days to a schuldregeling is counted: aanmelding, eerste_gesprek or
# toelatingsbeschikking (DOMAIN: default the toelatingsbeschikking, not confirmed). Checked by
# cases.selectors.schuldregeling_startmoment.
WGS_SCHULDREGELING_START = env.str("WGS_SCHULDREGELING_START", default="toelatingsbeschikking")

# --- Celery -------------------------------------------------------------------------------------
# Unset broker: tasks run eagerly in-process (the embedded default). Set: a real broker and worker.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a task lost with its worker is delivered again; tasks are idempotent
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis redelivers a message not acknowledged within the visibility timeout (acks_late: a task is acked
# when it ends). Just above the hard time limit: a task still unacknowledged by then died with its worker,
# and a lost message comes back within minutes instead of an hour. Never below the hard limit, or a task
# still running is delivered a second time (ADR 0012).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 60}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "herbereken-alle-rechten": {
        "task": "regelingen.tasks.herbereken_alle_rechten",
        "schedule": crontab(hour=2, minute=30),
    },
    "anonimiseer-verlopen-dossiers": {
        "task": "cases.tasks.anonimiseer_verlopen_dossiers",
        "schedule": crontab(hour=1, minute=45),  # before the nightly recompute
    },
    "leg-verlopen-termijnen-vast": {
        "task": "cases.tasks.leg_verlopen_termijnen_vast",
        "schedule": crontab(hour=6, minute=30),  # after midnight's deadlines passed, before the team page is read
    },
    "meld-verlopen-reactietermijnen": {
        "task": "partners.tasks.meld_verlopen_reactietermijnen",
        "schedule": crontab(hour=7, minute=0),  # before the working day: partners see the reminder first thing
    },
    "herstel-vastgelopen-herberekeningen": {
        "task": "regelingen.tasks.herstel_vastgelopen_herberekeningen",
        "schedule": 60.0,
    },
    "bereken-kpis": {
        "task": "monitoring.tasks.bereken_kpis",
        # Monthly, on the 1st after the nightly recompute; also nightly would do, but a month is the unit.
        "schedule": crontab(day_of_month=1, hour=4, minute=0),
    },
    "ruim-idempotentie-sleutels-op": {
        "task": "venlo_armoede.accounts.tasks.ruim_idempotentie_sleutels_op",
        "schedule": crontab(hour=3, minute=15),
    },
}

# Full recompute (ADR 0012): households per chunk task; a chunk's own time limits (a chunk of 2,500
# takes about a second, so these are generous); a run with no chunk finished for HERBEREKENING_STIL_NA
# seconds gets its missing chunks queued again by the stale-run detector (beat, every minute), at most
# HERBEREKENING_MAX_HERSTELPOGINGEN times, after which it is marked mislukt and blocks nothing.
HERBEREKENING_CHUNK_GROOTTE = env.int("HERBEREKENING_CHUNK_GROOTTE", default=2500)
# The what-if (regelingen.scenario) runs as a background task with its own progress page from this many
# households on; a smaller population is computed on the page itself (issue 12, item 8).
SCENARIO_ACHTERGROND_VANAF = env.int("SCENARIO_ACHTERGROND_VANAF", default=20_000)
HERBEREKENING_CHUNK_TIME_LIMIT = env.int("HERBEREKENING_CHUNK_TIME_LIMIT", default=150)
HERBEREKENING_STIL_NA = env.int("HERBEREKENING_STIL_NA", default=HERBEREKENING_CHUNK_TIME_LIMIT)
HERBEREKENING_MAX_HERSTELPOGINGEN = env.int("HERBEREKENING_MAX_HERSTELPOGINGEN", default=3)
if not 0 < HERBEREKENING_CHUNK_TIME_LIMIT <= CELERY_TASK_TIME_LIMIT:
    # The visibility timeout follows CELERY_TASK_TIME_LIMIT; a chunk allowed to run longer would be redelivered.
    raise ImproperlyConfigured("HERBEREKENING_CHUNK_TIME_LIMIT moet tussen 0 en CELERY_TASK_TIME_LIMIT liggen.")

# --- Caches (throttling); Redis when configured, else per-process memory ------------------------
CACHE_URL = env.str("CACHE_URL", default="")
CACHES = {
    "default": env.cache_url_config(CACHE_URL)
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# --- REST API -----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "venlo_armoede.accounts.authentication.ApiTokenAuthentication",
        "venlo_armoede.accounts.authentication.GeverifieerdeSessieAuthentication",
    ],
    # Deny by default: a view must declare its scopes (tokens) or roles (sessions), or open itself up.
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "venlo_armoede.accounts.permissions.HeeftScope",
    ],
    "DEFAULT_PAGINATION_CLASS": "venlo_armoede.api.pagination.Paginering",
    "PAGE_SIZE": 100,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "venlo_armoede.api.schema.ProbleemAutoSchema",
    "DEFAULT_PARSER_CLASSES": ["venlo_armoede.api.parsers.VeiligeJSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "venlo_armoede.api.negotiation.ProblemBewusteOnderhandeling",
    "EXCEPTION_HANDLER": "venlo_armoede.api.problems.problem_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "venlo_armoede.api.throttling.AnoniemRateThrottle",
        "venlo_armoede.api.throttling.GebruikerRateThrottle",
        "venlo_armoede.api.throttling.TokenRateThrottle",
    ],
    # The only place the API's rates are set (the throttle classes have no defaults of their own).
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("THROTTLE_ANON", default="60/minute"),
        "user": env.str("THROTTLE_USER", default="1200/minute"),
        "token": env.str("THROTTLE_TOKEN", default="600/minute"),
        "rechtencheck": env.str("THROTTLE_RECHTENCHECK", default="30/minute"),
    },
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Venlo Geldzorgen API",
    "DESCRIPTION": "API van het casusregistratiesysteem armoedebeleid en schuldhulpverlening, gemeente Venlo.",
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "InkomenSoortEnum": "cases.models.InkomenSoort",
        "GezinsrolEnum": "cases.models.Gezinsrol",
        "DoelstellingEnum": "venlo_armoede.doelstellingen.Doelstelling",
        "VroegsignaalSoortEnum": "partners.models.VroegsignaalSoort",
        "VroegsignaalStatusEnum": "partners.models.VroegsignaalStatus",
        "CasusStatusEnum": "cases.workflow.CasusStatusWaarde",
    },
}

# --- Logging: plain lines to stdout (the audit log is a separate, persisted record) --------------
# Everything goes to the root logger's console handler, once. Django's default config gives the "django"
# logger a console handler of its own under DEBUG, which printed every 403/404 twice (its handler and the
# root's); here "django" has no handler and propagates. "django.server" (runserver's access lines) keeps
# Django's own handler and format.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"clientfout_zonder_traceback": {"()": "venlo_armoede.log_filters.ClientfoutZonderTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"filters": ["clientfout_zonder_traceback"]},
        "axes": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},  # a line per layout step of every PDF; its warnings stay
    },
}
