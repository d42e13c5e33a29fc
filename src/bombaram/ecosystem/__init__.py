"""Ecosystem statistics (현황): the report's tables, maps and charts from the registry, for any date."""
