"""Public purchase (공공구매): the Seongbuk ordinance's system of targets, plans, purchases, disclosures,
performance reports and evaluation."""
