"""Organisation registry: regions, districts, industries, designation types, organisations."""
