"""Reading live polls: a user's polls and knowledge sessions (their own municipality's only) and
a poll by its code."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import Http404

from kansen.web.accounts.permissions import Action, can, own_municipality_id

from .constants import PollStatus
from .models import KnowledgeSession, Poll

_Row = TypeVar("_Row", Poll, KnowledgeSession)


def _own(user: Any, found: QuerySet[_Row]) -> QuerySet[_Row]:
    """``found`` narrowed to the user's municipality, for who runs live polls (a platform
    administrator: all; anybody else: none)."""
    if getattr(user, "is_superuser", False):
        return found
    municipality_id = own_municipality_id(user)
    if municipality_id is None or not can(user, Action.RUN_LIVE_POLLS):
        return found.none()
    return found.filter(municipality_id=municipality_id)


def polls(user: Any) -> QuerySet[Poll]:
    """The polls of the user's municipality (a platform administrator: all)."""
    return _own(user, Poll.objects.select_related("plan", "evaluation", "current", "session"))


def poll_for(user: Any, key: Any) -> Poll:
    """A poll of the user's municipality by its uuid (404 for another municipality's)."""
    try:
        return polls(user).get(uuid=key)
    except (Poll.DoesNotExist, ValueError):
        raise Http404 from None


def joinable(code: str) -> Poll | None:
    """The live poll with this join code."""
    return (
        Poll.objects.select_related("current")
        .filter(code=code.strip().upper(), status=PollStatus.LIVE)
        .first()
    )


def sessions(user: Any) -> QuerySet[KnowledgeSession]:
    """The knowledge sessions of the user's municipality (a platform administrator: all)."""
    return _own(user, KnowledgeSession.objects.select_related("plan", "municipality"))


def session_for(user: Any, key: Any) -> KnowledgeSession:
    """A knowledge session of the user's municipality by its uuid (404 for another's)."""
    try:
        return sessions(user).get(uuid=key)
    except (KnowledgeSession.DoesNotExist, ValueError):
        raise Http404 from None
