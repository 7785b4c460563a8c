import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "studio.settings")

app = Celery("studio")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

BROKER_FOLDERS = ("data_folder_in", "data_folder_out", "processed_folder", "control_folder")


@app.on_after_configure.connect
def make_folders(sender, source, **kwargs):
    """Make the folders of beat's schedule file and of the embedded broker's messages.

    Neither Celery nor kombu makes them. Done when a process first uses Celery (web,
    worker or beat), not when the settings are read.
    """
    folders = [Path(source.beat_schedule_filename).parent]
    if str(source.broker_url).startswith("filesystem://"):
        folders += [Path(source.broker_transport_options[key]) for key in BROKER_FOLDERS]
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
