"""Monitoring and learning evaluation of a plan: goals, indicators, progress, sessions, report."""
