"""WSGI entry point, used by ``bombaram serve`` and by any WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bombaram.config.settings")
application = get_wsgi_application()
