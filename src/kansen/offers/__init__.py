"""Offers (aanbod) as records outside the database: the canonical shape, files, demo data."""
