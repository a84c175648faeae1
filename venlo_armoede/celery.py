import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "venlo_armoede.settings")

app = Celery("venlo_armoede")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
