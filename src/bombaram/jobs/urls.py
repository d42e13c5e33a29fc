from bombaram.jobs.views import urlpatterns

__all__ = ["urlpatterns"]
