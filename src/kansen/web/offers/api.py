"""The offers part of the public API: offers and regulations."""

from ninja import Router

router = Router(tags=["offers"])
