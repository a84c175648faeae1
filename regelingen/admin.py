from datetime import date, timedelta

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from . import services
from .models import (
    AowLeeftijd,
    HerberekeningsRun,
    Kostendelersnorm,
    Norm,
    Regeling,
    RegelingVersie,
    Testgeval,
    Vermogensgrens,
)


class EenHerberekeningPerFormulier(admin.ModelAdmin):
    """One form with inlines saves several rule rows: recompute once for the whole form, not per row."""

    def changeform_view(self, request, *args, **kwargs):
        with services.bundel_herberekening(f"{self.model._meta.verbose_name} gewijzigd in beheer"):
            return super().changeform_view(request, *args, **kwargs)


def _dag(d) -> str:
    return f"{d:%d-%m-%Y}"


class RegelingVersieInlineForm(forms.ModelForm):
    """A version that has started stays as it is here: changing it would rewrite outcomes for past peildata.
    Such a change goes through the version editor, which starts a new version from a date. Only its end date
    may move, and only between dates from today on (no outcome up to today changes): so beheer can end the
    current version and add the next one on this page."""

    def clean(self):
        cleaned = super().clean()
        versie = self.instance
        if not versie.pk or versie.geldig_van > timezone.localdate():
            return cleaned
        # Compare the cleaned values with the stored ones, not form.has_changed(): that compares the posted
        # text with the rendered initial, which says "changed" for an unchanged value posted in another
        # spelling (a JSON list without its hidden initial, say), and refused every save of the regeling.
        opgeslagen = RegelingVersie.objects.get(pk=versie.pk)
        gewijzigd = [
            naam
            for naam in self.fields
            if naam in cleaned
            and naam not in ("id", "regeling", "DELETE")
            and cleaned[naam] != getattr(opgeslagen, naam)
        ]
        if [naam for naam in gewijzigd if naam != "geldig_tot"]:
            raise forms.ValidationError(
                "Deze versie is al begonnen en kan hier niet worden gewijzigd. Gebruik 'Versies en wijzigen' "
                "bij de regeling: daar kiest u vanaf welke datum de wijziging geldt."
            )
        if "geldig_tot" in gewijzigd:
            vandaag = timezone.localdate()
            oud, nieuw = opgeslagen.geldig_tot, cleaned["geldig_tot"]
            if min(oud or date.max, nieuw or date.max) < vandaag:
                raise forms.ValidationError(
                    {
                        "geldig_tot": "Deze versie is al begonnen. Haar einddatum kan alleen veranderen van en naar "
                        f"vandaag ({_dag(vandaag)}) of later: anders veranderen uitkomsten van vroeger."
                    }
                )
        return cleaned

    def _post_clean(self):
        # The formset checks the periods of all versions together (RegelingVersieFormSet.clean), so an end
        # date and the next version can be saved in one go.
        self.instance.overlap_elders_gecontroleerd = True
        super()._post_clean()


class RegelingVersieFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        vandaag = timezone.localdate()
        # Django does not validate a form marked for deletion, so a started version's deletion is refused here.
        for form in self.forms:
            versie = form.instance
            if self._should_delete_form(form) and versie.pk:
                opgeslagen = RegelingVersie.objects.filter(pk=versie.pk).first()
                if opgeslagen is not None and opgeslagen.geldig_van <= vandaag:
                    raise forms.ValidationError(
                        f"De versie vanaf {_dag(opgeslagen.geldig_van)} is al begonnen en kan niet worden "
                        "verwijderd: uitkomsten van vroeger zijn ermee berekend. Wilt u dat ze stopt? Geef haar "
                        "dan een einddatum van vandaag of later."
                    )
        if any(form.errors for form in self.forms if not self._should_delete_form(form)):
            return
        perioden = []
        in_formulier = set()
        for form in self.forms:
            if form.instance.pk:
                in_formulier.add(form.instance.pk)
            if self._should_delete_form(form) or not form.cleaned_data or not form.cleaned_data.get("geldig_van"):
                continue
            perioden.append((form.cleaned_data["geldig_van"], form.cleaned_data.get("geldig_tot")))
        if self.instance.pk:
            buiten = RegelingVersie.objects.filter(regeling=self.instance).exclude(pk__in=in_formulier)
            perioden += list(buiten.values_list("geldig_van", "geldig_tot"))
        perioden.sort(key=lambda p: p[0])
        for (van, tot), (volgende_van, _tot) in zip(perioden, perioden[1:], strict=False):
            if tot is None or tot >= volgende_van:
                raise forms.ValidationError(
                    f"De versie vanaf {_dag(van)} overlapt met de versie vanaf {_dag(volgende_van)}. Laat de eerste "
                    f"eindigen op {_dag(volgende_van - timedelta(days=1))} of eerder."
                )


class RegelingVersieInline(admin.StackedInline):
    model = RegelingVersie
    form = RegelingVersieInlineForm
    formset = RegelingVersieFormSet
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


@admin.register(Testgeval)
class TestgevalAdmin(admin.ModelAdmin):
    """Testgevallen as data: the household in the shape of a testgevallen file (docs/regelingen-formaat.md).
    The rule editor runs them before a change is saved; the history page of a regeling shows how they come out."""

    list_display = ["naam", "regeling", "peildatum", "verwacht_uitkomst", "verwacht_bedrag"]
    list_filter = ["regeling", "verwacht_uitkomst"]
    search_fields = ["naam", "regeling__naam", "regeling__code"]
    autocomplete_fields = ["regeling"]


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
