"""The public API of the platform: one OpenAPI document, assembled from each app's router."""

from ninja import NinjaAPI

from kansen.web.areas.api import router as areas_router
from kansen.web.offers.api import router as offers_router
from kansen.web.plans.api import router as plans_router

api = NinjaAPI(
    title="kansen API",
    version="1",
    description=(
        "Areas, indicators and observations; the directory of offers and regulations; "
        "agendas and execution plans of the kansen platform. Published figures, offers, "
        "regulations and plans are open to everyone; a logged-in user also sees the "
        "unpublished figures and draft plans of their own municipality (session "
        "authentication)."
    ),
    urls_namespace="api",
)
api.add_router("/areas", areas_router)
api.add_router("/offers", offers_router)
api.add_router("/plans", plans_router)
