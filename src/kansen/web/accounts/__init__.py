"""Municipalities (tenants), users and their roles."""
