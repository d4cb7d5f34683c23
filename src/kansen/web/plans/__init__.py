"""Agendas and execution plans on the platform (issue 5): the document of :mod:`kansen.plans`
stored per municipality, edited part by part, with its history and its documents."""
