"""Pages of the plans app."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def plan_list(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/list.html", {"plans": []})
