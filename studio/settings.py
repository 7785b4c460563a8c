"""Settings for the studio booking site, read from the environment.

One module for every environment. Unset variables give the embedded developer
defaults (SQLite file, server-less broker, mail kept under var/mail); production
sets DATABASE_URL, CELERY_BROKER_URL, EMAIL_URL, SECRET_KEY, ALLOWED_HOSTS, SITE_URL.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A developer's checkout has a git-ignored .env (written by `make install`, DEBUG=True) so
# that plain `manage.py` commands work; real environment variables always win over it.
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-only-for-debug")
else:
    try:
        SECRET_KEY = env("SECRET_KEY")
    except ImproperlyConfigured:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (set DEBUG=1 for local development)."
        ) from None

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    # Django's admin with the studio's site: the dashboard's sign-in and its record of changes.
    "dashboard.admin_apps.StudioAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "studio",
    "guides",
    "calendars",
    "bookings",
    "payments",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "studio.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "dashboard.signin.middleware.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "studio.urls"
WSGI_APPLICATION = "studio.wsgi.application"

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
                "studio.context_processors.studio",
            ],
        },
    },
]


def _database_config():
    url = env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    try:
        config = env.db_url_config(url)
    except (ImproperlyConfigured, KeyError, ValueError) as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a usable database URL ({exc}). "
            "Expected for example postgres://user@127.0.0.1:5432/studio or sqlite:///path/db.sqlite3"
        ) from None
    engine = config.get("ENGINE", "")
    if engine not in ("django.db.backends.postgresql", "django.db.backends.sqlite3"):
        raise ImproperlyConfigured(
            f"DATABASE_URL names an unsupported database ({engine or 'unknown scheme'}); "
            "use postgres:// or sqlite://"
        )
    if engine.endswith("sqlite3"):
        # BEGIN IMMEDIATE serialises the booking check-and-insert on SQLite.
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
        # Tests get a file too, not SQLite's shared in-memory database: there, a browser
        # test's server, worker and test threads fail at once with "table is locked"
        # instead of waiting their turn as they do on a file (pytest-xdist adds _gw0...).
        # tests/conftest.py makes its folder.
        config["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
    else:
        config["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": _database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://studio")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The site keeps working, uncached, while Redis is away (studio.cache).
    CACHES["default"]["BACKEND"] = "studio.cache.FailSafeRedisCache"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Client uploads (inspiration images) live outside MEDIA_ROOT and are served to staff only.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG)
WHITENOISE_MANIFEST_STRICT = False
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Email: EMAIL_URL (smtp://user:pass@host:port, smtp+tls://...) or, unset, files in var/mail.
if "EMAIL_URL" in env:
    _email = env.email_url("EMAIL_URL")
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"]
    EMAIL_PORT = _email["EMAIL_PORT"]
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
    EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
    EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]  # filemail:// only
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="studio@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: CELERY_BROKER_URL=redis://... in production; unset, kombu's filesystem
# transport under var/broker, which needs no server (studio.celery makes its folders),
# with whole-file writes (studio.broker).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT = "studio.broker:Transport"
    _broker_dir = Path(env("CELERY_BROKER_DIR", default=str(VAR_DIR / "broker")))
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),  # else ./control in the working dir
        "store_processed": False,
    }
else:
    # Short timeouts: a web request must never hang on a broker that is down.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_timeout": 2,
        "socket_connect_timeout": 2,
        "interval_start": 0,  # no pause before the one retry of a publish
        "visibility_timeout": 3600,
        "max_retries": 1,
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = "UTC"
# The photographer's own calendars (calendars app): how often they are read, when their
# busy time counts as out of date on the dashboard, and the limits of one read.
CALENDAR_REFRESH_MINUTES = env.int("CALENDAR_REFRESH_MINUTES", default=10)
CALENDAR_STALE_HOURS = env.int("CALENDAR_STALE_HOURS", default=24)
CALENDAR_FETCH_TIMEOUT = env.float("CALENDAR_FETCH_TIMEOUT", default=20.0)
CALENDAR_FETCH_MAX_BYTES = env.int("CALENDAR_FETCH_MAX_BYTES", default=10_000_000)
# The file is read in a child process held to this much CPU time and memory: a 2 KB file
# of repeat rules can otherwise ask for minutes and gigabytes (calendars.sandbox).
CALENDAR_READ_CPU_SECONDS = env.float("CALENDAR_READ_CPU_SECONDS", default=10.0)
CALENDAR_READ_MEMORY_MB = env.int("CALENDAR_READ_MEMORY_MB", default=512)
# Reading calendars from loopback or private addresses (and over plain http): tests and
# self-hosted calendar servers only. Off, such addresses are refused at every redirect.
CALENDAR_FETCH_ALLOW_PRIVATE = env.bool("CALENDAR_FETCH_ALLOW_PRIVATE", default=False)

# Three queues, so that one kind of work never waits behind another: "reminders" (the
# emails: the outbox sweep and the kicks sent on commit), "sweeps" (deposits, parked
# images) and "calendars" (one task per calendar read). Run a worker for each, or one
# worker consuming all three (README, Procfile). Every task of the app is routed here;
# tests/test_queues.py fails on one that is not.
CELERY_TASK_ROUTES = {
    "bookings.tasks.send_due_reminders": {"queue": "reminders"},
    "bookings.tasks.kick": {"queue": "reminders"},
    "bookings.tasks.sweep_draft_images": {"queue": "sweeps"},
    "payments.tasks.sweep_deposits": {"queue": "sweeps"},
    "calendars.tasks.sync_calendars": {"queue": "calendars"},
    "calendars.tasks.sync_calendar": {"queue": "calendars"},
}
STUDIO_QUEUES = ("reminders", "sweeps", "calendars")
# Hard limits (the worker process is killed and replaced) sized to each task's work; the
# soft limit a little earlier lets the task record what stopped it. A reminder claim
# outlives its sender's limit (STUDIO_REMINDER_CLAIM_TIMEOUT). Celery puts these limits in
# each message from the sender's settings (beat, web, worker): give every process the same
# environment.
# One calendar read: its fetch deadline, its file's child process and the writes.
CALENDAR_READ_TIME_LIMIT = env.int(
    "CALENDAR_READ_TIME_LIMIT",
    default=int(CALENDAR_FETCH_TIMEOUT + 3 * CALENDAR_READ_CPU_SECONDS + 20),
)
CELERY_TASK_ANNOTATIONS = {
    "bookings.tasks.send_due_reminders": {"soft_time_limit": 240, "time_limit": 300},
    "bookings.tasks.kick": {"soft_time_limit": 100, "time_limit": 120},
    "bookings.tasks.sweep_draft_images": {"soft_time_limit": 240, "time_limit": 300},
    "payments.tasks.sweep_deposits": {"soft_time_limit": 240, "time_limit": 300},
    "calendars.tasks.sync_calendars": {"soft_time_limit": 20, "time_limit": 30},
    "calendars.tasks.sync_calendar": {
        "soft_time_limit": CALENDAR_READ_TIME_LIMIT,
        "time_limit": CALENDAR_READ_TIME_LIMIT + 15,
    },
}

CELERY_BEAT_SCHEDULE = {
    "send-due-reminders": {
        "task": "bookings.tasks.send_due_reminders",
        "schedule": 60.0,
    },
    "sweep-draft-images": {
        "task": "bookings.tasks.sweep_draft_images",
        "schedule": 3600.0,
    },
    "sweep-deposits": {
        "task": "payments.tasks.sweep_deposits",
        "schedule": 60.0,
    },
    "sync-calendars": {
        "task": "calendars.tasks.sync_calendars",
        "schedule": 60.0 * CALENDAR_REFRESH_MINUTES,
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Rate limits (django-ratelimit); STUDIO_RATELIMIT=False switches them off for load tests.
RATELIMIT_ENABLE = env.bool("STUDIO_RATELIMIT", default=True)
RATELIMIT_VIEW = "studio.views.rate_limited"

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=8)
AXES_COOLOFF_TIME = 0.25  # hours
# Failed logins count per address, whatever usernames it tries: a guesser elsewhere must
# never lock the photographer out of their own login. (Axes compares the largest count of
# the listed groups with one AXES_FAILURE_LIMIT, so adding ["username", "ip_address"] here
# would lock nothing more: an address's count already includes each of its usernames.)
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "studio.security.axes_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Staff sign in with a password and a one-time code from an app (django-otp), or one of
# their recovery codes. Required for every staff account unless turned off (development
# only: the demo login of `make run` has none); a staff member who enrolled is always asked.
STUDIO_REQUIRE_2FA = env.bool("STUDIO_REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_THROTTLE_FACTOR = 1  # each wrong code doubles the wait before the next try
OTP_STATIC_THROTTLE_FACTOR = 1
# A long-lived signed cookie tells a browser that signed in before from a new one, which
# alerts the studio (dashboard.signin.alerts).
STUDIO_KNOWN_BROWSER_DAYS = 400
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2  # a reset link works for two hours

# Security. Production (DEBUG off) is strict by default; each knob can be relaxed by env.
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts only from our own origin: no inline script, no eval, no CDN. Inline style
# attributes stay allowed (server-rendered SVG charts and widths use them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# LOG_FORMAT=json gives one JSON object a line (for a log shipper); plain is for people.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "studio.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env("LOG_FORMAT", default="plain"),
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # httpx logs every request's URL at INFO: a calendar's secret address must not leak.
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
    },
}

# Studio knobs.
STUDIO_DEMO_USERNAME = "photographer"
STUDIO_DEMO_PASSWORD = "studio-demo-2026"  # noqa: S105 - demo only; seed_demo refuses it with DEBUG off
STUDIO_MANAGE_LINK_DAYS_AFTER = env.int("STUDIO_MANAGE_LINK_DAYS_AFTER", default=42)
STUDIO_MAX_UPLOAD_BYTES = env.int("STUDIO_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
STUDIO_MAX_IMAGE_PIXELS = env.int("STUDIO_MAX_IMAGE_PIXELS", default=50_000_000)
# Images a client added to a booking they never finished are deleted this many hours after
# the upload, by the hourly beat sweep, once no unexpired session still holds the draft.
STUDIO_DRAFT_IMAGE_HOURS = env.int("STUDIO_DRAFT_IMAGE_HOURS", default=24)
# Reminder outbox: a row claimed longer ago than this by a sender that died goes back
# in the queue (longer than CELERY_TASK_TIME_LIMIT, so a live sender is never robbed).
STUDIO_REMINDER_CLAIM_TIMEOUT = env.int("STUDIO_REMINDER_CLAIM_TIMEOUT", default=600)

# Deposits paid online with Stripe Checkout (the payments app). Without both keys no
# session type takes its deposit online (`check --deploy` warns if one asks to).
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
# Where the stripe library sends API calls; tests point it at a stand-in on loopback.
STRIPE_API_BASE = env("STRIPE_API_BASE", default="https://api.stripe.com")
# The one origin a booking form may redirect to (CSP form-action on those pages only).
STRIPE_CHECKOUT_ORIGIN = env("STRIPE_CHECKOUT_ORIGIN", default="https://checkout.stripe.com")
# ISO 4217 code of the studio's prices, as Stripe expects it; pages show its symbol
# (studio.formatting.currency_symbol).
STUDIO_CURRENCY = env("STUDIO_CURRENCY", default="gbp").lower()
