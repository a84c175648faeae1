# Households, inwoners and incomes are personal data and deliberately not in the admin: they are reachable
# only through the audited case screens (ADR 0002). Stadsdelen are managed with the organisation (accounts).
from django.contrib import admin

from .models import Bewaartermijn


@admin.register(Bewaartermijn)
class BewaartermijnAdmin(admin.ModelAdmin):
    """Retention periods per kind of file. A kind without a row is never anonymised (safe default)."""

    list_display = ["soort", "jaren", "bevestigd", "bron"]
