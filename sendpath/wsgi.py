"""WSGI entry point for gunicorn in production and runserver in development."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendpath.settings")
application = get_wsgi_application()
