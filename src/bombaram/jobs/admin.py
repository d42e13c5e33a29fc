"""No back-office pages for the jobs: the back office applies the application's scopes to every
model it shows (web.admin_scopes), and a job is its starter's (the /jobs/ pages; a superuser sees
every job there). django-tasks-db registers its queue table in the admin; that page is removed."""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
