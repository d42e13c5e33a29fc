"""Writes of the public purchase system, split by concept (targets, purchases, plans, disclosures)."""
