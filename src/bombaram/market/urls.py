from django.urls import path  # noqa: F401  (each part of the market adds its block of paths below)

urlpatterns: list = []
