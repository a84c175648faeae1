"""Aggregates for beleid. Counts below KLEINSTE_AANTAL are never shown (CBS practice)."""

from django.db.models import Count

from cases.models import Huishouden

KLEINSTE_AANTAL = 5


def onderdruk(aantal: int) -> str:
    return "<5" if 0 < aantal < KLEINSTE_AANTAL else str(aantal)


def huishoudens_per_stadsdeel() -> list[dict]:
    rijen = Huishouden.objects.values("stadsdeel__naam").annotate(aantal=Count("id")).order_by("stadsdeel__naam")
    return [{"stadsdeel": r["stadsdeel__naam"], "aantal": onderdruk(r["aantal"])} for r in rijen]
