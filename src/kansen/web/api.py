"""The public API of the platform: one OpenAPI document, assembled from each app's router."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from kansen.web.areas.api import router as areas_router
from kansen.web.directory.api import router as directory_router
from kansen.web.plans.api import router as plans_router
from kansen.web.practices.api import router as practices_router
from kansen.web.regulations.api import router as regulations_router


class PlatformSwagger(Swagger):
    """The API documentation (Swagger UI) in the platform's own layout and language, from the
    files django-ninja ships (``ninja`` in INSTALLED_APPS): nothing is loaded from another
    host, and the page has no inline script (the settings travel as JSON data)."""

    template = "core/api_docs.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(request, self.template, {"api": api, "swagger_settings": settings})


api = NinjaAPI(
    title="kansen API",
    version="1",
    description=(
        "Areas, indicators and observations; the directory of offers and regulations; "
        "agendas and execution plans; practice records of the kansen platform. Published "
        "figures, offers, regulations, plans and practices are open to everyone; a logged-in "
        "user also sees the unpublished figures and draft plans of their own municipality (session "
        "authentication)."
    ),
    urls_namespace="api",
    # No validator badge: Swagger UI would send the document to a server of swagger.io.
    docs=PlatformSwagger(settings={"validatorUrl": None, "deepLinking": False}),
)
api.add_router("/areas", areas_router)
api.add_router("/offers", directory_router)
api.add_router("/offers", regulations_router)  # /api/offers/{municipality}/regulations
api.add_router("/plans", plans_router)
api.add_router("/practices", practices_router)
