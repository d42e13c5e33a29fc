"""Loaders of the demonstration data (`bombaram demo`): each writes one app's part through its models and services."""
