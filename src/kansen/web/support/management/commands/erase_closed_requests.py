"""``kansen manage erase_closed_requests``: erase closed and withdrawn support requests whose
retention period has passed (run daily in production; the demo runs it at start-up)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from kansen.web.support import services


class Command(BaseCommand):
    help = (
        "Erase closed and withdrawn support requests after the municipality's retention "
        "period (default 12 months after closing), keeping anonymous counts; also sends the "
        "notices of evaluations that are due."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Run as on this date (YYYY-MM-DD); default today.")

    def handle(self, *args: Any, **options: Any) -> None:
        on = date.fromisoformat(options["date"]) if options.get("date") else timezone.localdate()
        erased = services.erase_closed_requests(on=on)
        due = services.notify_evaluations_due(on=on)
        self.stdout.write(f"{erased} requests erased, {due} evaluation notices sent ({on}).")
