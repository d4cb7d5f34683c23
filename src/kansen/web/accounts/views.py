"""Logging in: each role lands where its work is (or on a safe ``next``)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from . import permissions


class LoginView(auth_views.LoginView):
    """The site's one login page (the administration sends visitors here too).

    After logging in, a safe ``next`` (same host, checked by Django) is honoured; without one
    the user lands on the page of :data:`~kansen.web.accounts.permissions.LANDING_PAGES`.
    """

    template_name = "accounts/login.html"

    def get_default_redirect_url(self) -> str:
        return permissions.landing_page(self.request.user)
