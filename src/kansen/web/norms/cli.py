"""``kansen check norms``: are the platform's social-minimum norms current?"""

from __future__ import annotations

import os
from datetime import date
from typing import Annotated

import typer
from rich.console import Console

console = Console()


def register_check(check_app: typer.Typer) -> None:
    @check_app.command("norms")
    def check_norms(
        on: Annotated[
            str | None, typer.Option(help="The day to check for (YYYY-MM-DD); default today.")
        ] = None,
        mail: Annotated[
            bool,
            typer.Option(
                help="E-mail the platform administrators when the norms run out within eight "
                "weeks or have run out (once per stage; run it daily from cron)."
            ),
        ] = False,
    ) -> None:
        """Check that the platform has social-minimum norms for today and the next eight weeks.

        Exits 0 when current, 1 when they run out within eight weeks, 2 when they have run out.
        """
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kansen.web.settings")
        import django

        django.setup()
        from kansen.web.norms import selectors, services

        try:
            day = date.fromisoformat(on) if on else selectors.today()
        except ValueError:
            console.print(f"[red]--on {on!r}[/red]: expected a date like 2027-01-01")
            raise typer.Exit(2) from None
        if mail:
            current, mailed = services.send_warnings(day)
        else:
            current, mailed = selectors.status(day), 0
        until, following = current.covered_until, current.next_period
        if current.state == "expired":
            console.print(
                f"[red]expired[/red]: the norms ran out on {until}; the eligibility check "
                f"answers no one until the norms from {following} are added (/normen/)."
            )
        elif current.state == "expiring":
            console.print(
                f"[yellow]warning[/yellow]: the norms run out on {until} "
                f"({current.days_left} days); add the norms from {following} (/normen/)."
            )
        else:
            console.print(f"ok: the norms are current until {until}.")
        if mailed:
            console.print(f"e-mailed {mailed} platform administrator(s).")
        raise typer.Exit({"current": 0, "expiring": 1, "expired": 2}[current.state])
