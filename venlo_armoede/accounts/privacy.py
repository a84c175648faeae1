"""The pages of the functionaris gegevensbescherming (FG) under /privacy/: the audit log read per inwoner,
per user, the break-the-glass list and the affected data subjects for a breach notification (CSV).

Only the log is read (audit.toezicht); the FG never sees a household. Every page that shows records
about data subjects writes an INZIEN record for those subjects, the export an EXPORTEREN record per subject
(verwerkingsactiviteit va-privacytoezicht)."""

from __future__ import annotations

import tablib
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from venlo_armoede.audit import toezicht
from venlo_armoede.audit.filters import BetrokkenenFilter, LogboekFilter, PeriodeFilter
from venlo_armoede.audit.forms import GebruikerZoekForm, InwonerZoekForm
from venlo_armoede.audit.models import Actie, AuditRecord
from venlo_armoede.audit.services import Betrokkene

from .mixins import RolVereistMixin
from .roles import Rol

PAGINA_GROOTTE = 50
CSV_KOLOMMEN = ["pseudoniem", "soort kenmerk", "aantal logregels", "eerste keer", "laatste keer"]


class _FG(RolVereistMixin):
    rollen = (Rol.FUNCTIONARIS_GEGEVENSBESCHERMING,)


class StartView(_FG, TemplateView):
    template_name = "privacy/start.html"


def _zonder_pagina(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class _Logregels(_FG, ListView):
    """A paginated list of log records behind a search form and a filter. Subclasses give the records
    (`basis`, None while the search is incomplete) and what the FG's own audit record says."""

    paginate_by = PAGINA_GROOTTE
    context_object_name = "records"
    filter_klasse = LogboekFilter
    zoekform_klasse = None

    def get(self, request, *args, **kwargs):
        self.zoekform = None
        if self.zoekform_klasse is not None:
            gezocht = any(veld in request.GET for veld in self.zoekform_klasse.base_fields)
            self.zoekform = self.zoekform_klasse(request.GET if gezocht else None)
        basis = self.basis() if self.zoekform is None or self.zoekform.is_valid() else None
        self.filter = self.filter_klasse(
            request.GET, queryset=basis if basis is not None else AuditRecord.objects.none()
        )
        self.gezocht = basis is not None
        return super().get(request, *args, **kwargs)

    def basis(self):
        raise NotImplementedError

    def get_queryset(self):
        return self.filter.qs if self.gezocht and self.filter.is_valid() else AuditRecord.objects.none()

    def gezochte_betrokkenen(self) -> list[Betrokkene]:
        return []

    def omschrijving(self) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        records = list(context["records"])
        for record in records:
            record.reden = toezicht.reden(record.omschrijving)
        if self.gezocht and self.filter.is_valid():
            # The subjects searched for and those on this page; the page's own types win.
            betrokkenen = [*self.gezochte_betrokkenen(), *toezicht.betrokkenen_in(records)]
            toezicht.log_toezicht(
                actor=self.request.user,
                betrokkenen=[b for b in betrokkenen if b.type],
                omschrijving=self.omschrijving(),
                request=self.request,
            )
        context.update(
            records=records,
            zoekform=self.zoekform,
            filter=self.filter,
            gezocht=self.gezocht,
            filter_query=_zonder_pagina(self.request),
        )
        return context


class InwonerView(_Logregels):
    """Who viewed or changed the data of one inwoner, when, for which processing activity and why."""

    template_name = "privacy/inwoner.html"
    zoekform_klasse = InwonerZoekForm

    def gezochte_betrokkenen(self) -> list[Betrokkene]:
        data = self.zoekform.cleaned_data
        return toezicht.betrokkenen_van_inwoner(bsn=data["bsn"] or None, intern_id=data["inwoner"])

    def basis(self):
        betrokkenen = self.gezochte_betrokkenen()
        if self.zoekform.cleaned_data["pseudoniem"]:
            betrokkenen.append(Betrokkene(id=self.zoekform.cleaned_data["pseudoniem"], type=""))
        return toezicht.records_over(betrokkenen)

    def omschrijving(self) -> str:
        return "FG: logboek van een inwoner ingezien"


class GebruikerView(_Logregels):
    """Whose data one user viewed or changed: the subjects as pseudonyms, with a link to their history."""

    template_name = "privacy/gebruiker.html"
    zoekform_klasse = GebruikerZoekForm

    def basis(self):
        naam = self.zoekform.cleaned_data["gebruikersnaam"]
        gebruiker_id = get_user_model().objects.filter(username=naam).values_list("pk", flat=True).first()
        return toezicht.records_van_gebruiker(gebruiker_id=gebruiker_id, gebruikersnaam=naam)

    def omschrijving(self) -> str:
        return f"FG: logboek van gebruiker {self.zoekform.cleaned_data['gebruikersnaam']} ingezien"


class DoorbrakenView(_Logregels):
    """Break-the-glass: every inzage outside the own team with its reason, newest first."""

    template_name = "privacy/doorbraken.html"
    filter_klasse = PeriodeFilter

    def basis(self):
        return toezicht.doorbraken()

    def omschrijving(self) -> str:
        return "FG: lijst van inzage buiten eigen team ingezien"


class BetrokkenenView(_FG, TemplateView):
    """Choose a set of records (period, user, activity, action, result); see how many subjects it touches
    and download them. Only numbers here, so nothing about a subject is shown."""

    template_name = "privacy/betrokkenen.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filter = BetrokkenenFilter(self.request.GET or None, queryset=AuditRecord.objects.all())
        context.update(filter=filter, filter_query=_zonder_pagina(self.request))
        if filter.gefilterd:
            context["telling"] = filter.qs.exclude(betrokkene_type__in=toezicht.GEEN_PERSOON).aggregate(
                records=Count("id"), betrokkenen=Count("betrokkene_id", distinct=True)
            )
        return context


class BetrokkenenExportView(_FG, TemplateView):
    """The affected subjects as CSV (pseudonym, type, number of records, first and last time)."""

    def get(self, request, *args, **kwargs):
        filter = BetrokkenenFilter(request.GET or None, queryset=AuditRecord.objects.all())
        if not filter.gefilterd:
            # Never the whole log by accident: a breach concerns a period, a user or an activity.
            messages.error(request, _("Kies eerst een periode of een ander filter. Dan kunt u de lijst downloaden."))
            return redirect("privacy:betrokkenen")
        rijen = list(toezicht.getroffen_betrokkenen(filter.qs))
        toezicht.log_toezicht(
            actor=request.user,
            actie=Actie.EXPORTEREN,
            betrokkenen=[Betrokkene(id=r["betrokkene_id"], type=r["betrokkene_type"]) for r in rijen],
            omschrijving=f"FG: betrokkenen geëxporteerd voor melding datalek ({_zonder_pagina(request)})",
            request=request,
        )
        data = tablib.Dataset(headers=CSV_KOLOMMEN)
        for rij in rijen:
            data.append(
                [
                    rij["betrokkene_id"],
                    rij["betrokkene_type"],
                    rij["aantal"],
                    timezone.localtime(rij["eerste"]).isoformat(timespec="seconds"),
                    timezone.localtime(rij["laatste"]).isoformat(timespec="seconds"),
                ]
            )
        response = HttpResponse("\ufeff" + data.export("csv", delimiter=";"), content_type="text/csv; charset=utf-8")
        bestand = f"betrokkenen-{timezone.localdate().isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{bestand}"'
        response["Cache-Control"] = "no-store"
        return response
