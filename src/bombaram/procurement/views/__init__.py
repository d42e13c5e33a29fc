"""Pages of the public purchase system, one module per concept; each module defines its urlpatterns."""
