# Households, inwoners and incomes are personal data and deliberately not in the admin: they are reachable
# only through the audited case screens (ADR 0002). Stadsdelen are managed with the organisation (accounts).
# Only reference data of the cases app is here.
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Bewaartermijn, FlexibelBudget, GelijkgesteldeDag, KenmerkSoort, Mijlpaal, NazorgTermijn

WEEKDAGEN = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]


@admin.register(GelijkgesteldeDag)
class GelijkgesteldeDagAdmin(admin.ModelAdmin):
    list_display = ["datum", "weekdag", "omschrijving"]
    search_fields = ["omschrijving"]
    date_hierarchy = "datum"

    @admin.display(description=_("dag"))
    def weekdag(self, obj):
        return WEEKDAGEN[obj.datum.weekday()]


@admin.register(Bewaartermijn)
class BewaartermijnAdmin(admin.ModelAdmin):
    """Retention periods per kind of file. A kind without a row is never anonymised (safe default)."""

    list_display = ["soort", "jaren", "bevestigd", "bron"]


@admin.register(FlexibelBudget)
class FlexibelBudgetAdmin(admin.ModelAdmin):
    """The flexibel budget per year for maatwerk. Only the total is set here; what is spent follows from the
    approved proposals and cannot be edited, and the budget cannot be set below it."""

    list_display = ["jaar", "bedrag", "besteed", "over"]
    readonly_fields = ["besteed"]

    @admin.display(description=_("over"))
    def over(self, obj):
        return obj.over

    def has_delete_permission(self, request, obj=None):
        return False  # a year with approvals keeps its budget row


@admin.register(NazorgTermijn)
class NazorgTermijnAdmin(admin.ModelAdmin):
    """After how many months a closed casus ("afgerond") gets a nazorg contact."""

    list_display = ["maanden", "omschrijving"]


@admin.register(Mijlpaal)
class MijlpaalAdmin(admin.ModelAdmin):
    """The mijlpalen of the VNG Routekaart Financiële Zorgen. A mijlpaal a casus reached is not deleted
    (protected); switch it off with "actief" instead."""

    list_display = ["volgorde", "naam", "bevestigd", "actief"]
    list_editable = ["naam", "bevestigd", "actief"]


@admin.register(KenmerkSoort)
class KenmerkSoortAdmin(admin.ModelAdmin):
    """The list of kenmerken a klantadviseur records and a regeling may ask about. Not deleted once recorded
    (PROTECT); switch one off with `actief` instead. Recorded kenmerken themselves are personal data, not here."""

    list_display = ["naam", "code", "geldt_voor", "actief"]
    list_filter = ["geldt_voor", "actief"]
    search_fields = ["naam", "code"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []  # voorwaarden name the code: it never changes once made
