from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from . import services
from .models import AowLeeftijd, HerberekeningsRun, Kostendelersnorm, Norm, Regeling, RegelingVersie, Vermogensgrens


class EenHerberekeningPerFormulier(admin.ModelAdmin):
    """One form with inlines saves several rule rows: recompute once for the whole form, not per row."""

    def changeform_view(self, request, *args, **kwargs):
        with services.bundel_herberekening(f"{self.model._meta.verbose_name} gewijzigd in beheer"):
            return super().changeform_view(request, *args, **kwargs)


class RegelingVersieInlineForm(forms.ModelForm):
    """A version that has started stays as it is here: changing it would rewrite outcomes for past peildata.
    Such a change goes through the version editor, which starts a new version from a date."""

    def clean(self):
        cleaned = super().clean()
        versie = self.instance
        if versie.pk and versie.geldig_van <= timezone.localdate() and self.has_changed():
            raise forms.ValidationError(
                "Deze versie is al begonnen en kan hier niet worden gewijzigd. Gebruik 'Versies en wijzigen' "
                "bij de regeling: daar kiest u vanaf welke datum de wijziging geldt."
            )
        return cleaned


class RegelingVersieInline(admin.StackedInline):
    model = RegelingVersie
    form = RegelingVersieInlineForm
    extra = 0
    fieldsets = [
        (None, {"fields": [("geldig_van", "geldig_tot"), "altijd_beoordeling"]}),
        (
            "Inkomenstoets",
            {
                "fields": [
                    ("inkomensgrens_pct", "grens_inclusief"),
                    ("norm_basis", "kostendelersnorm"),
                    "referteperiode_maanden",
                ]
            },
        ),
        ("Vermogen", {"fields": ["vermogenstoets"]}),
        (
            "Voor wie",
            {
                "fields": [
                    ("aanvrager_min_leeftijd", "aanvrager_max_leeftijd", "aanvrager_jonger_dan_aow"),
                    ("kind_min_leeftijd", "kind_max_leeftijd"),
                    "samenstellingen",
                ]
            },
        ),
        ("Bedrag en budget", {"fields": [("bedrag", "bedrag_per"), "max_frequentie_maanden", "jaarbudget"]}),
    ]


@admin.register(Regeling)
class RegelingAdmin(EenHerberekeningPerFormulier):
    list_display = ["naam", "code", "doelstelling", "aanbieder", "aanvraagroute", "versies"]
    list_filter = ["doelstelling", "aanvraagroute"]
    search_fields = ["naam", "code"]
    inlines = [RegelingVersieInline]

    @admin.display(description="Versies")
    def versies(self, obj):
        return format_html('<a href="{}">Versies en wijzigen</a>', reverse("regelbeheer:historie", args=[obj.pk]))


@admin.register(Norm)
class NormAdmin(admin.ModelAdmin):
    list_display = ["geldig_van", "leeftijdscategorie", "huishoudtype", "bedrag_incl_vt"]
    list_filter = ["leeftijdscategorie", "huishoudtype"]
    date_hierarchy = "geldig_van"


@admin.register(AowLeeftijd)
class AowLeeftijdAdmin(admin.ModelAdmin):
    list_display = ["vanaf_jaar", "jaren", "maanden"]


@admin.register(Kostendelersnorm)
class KostendelersnormAdmin(admin.ModelAdmin):
    list_display = ["geldig_van", "basis_pct", "per_kostendeler_pct", "vanaf_leeftijd"]


@admin.register(Vermogensgrens)
class VermogensgrensAdmin(admin.ModelAdmin):
    list_display = ["jaar", "alleenstaande", "gezin", "eigen_woning", "bevestigd"]


@admin.register(HerberekeningsRun)
class HerberekeningsRunAdmin(admin.ModelAdmin):
    """Read-only view of the full recomputes, so beheer can see a change was picked up."""

    list_display = ["gestart_op", "reden", "status", "aantal_chunks", "chunks_klaar", "herstelpogingen", "klaar_op"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
