from django.db import models
from django.utils.translation import gettext_lazy as _

from venlo_armoede.append_only import AppendOnlyModel, append_only_triggers


class Verwerkingsactiviteit(models.TextChoices):
    """Entries of the register van verwerkingsactiviteiten this application performs.
    The value is the processing_activity_id of the Logboek Dataverwerkingen."""

    SCHULDHULPVERLENING = "va-schuldhulpverlening", _("Schuldhulpverlening (Wgs)")
    INKOMENSONDERSTEUNING = "va-inkomensondersteuning", _("Minimaregelingen en inkomensondersteuning")
    RECHTENBEREKENING = "va-rechtenberekening", _("Berekenen van recht op regelingen")
    NIET_GEBRUIK_BENADERING = "va-niet-gebruik", _("Benaderen van inwoners die een regeling niet gebruiken")
    REGISTRATIE = "va-registratie", _("Registreren van huishoudens en inwoners")
    LOGBOEKBEHEER = "va-logboekbeheer", _("Beheer van het logboek (bewaartermijn)")


class Actie(models.TextChoices):
    INZIEN = "inzien", _("Inzien")
    AANMAKEN = "aanmaken", _("Aanmaken")
    WIJZIGEN = "wijzigen", _("Wijzigen")
    EXPORTEREN = "exporteren", _("Exporteren")
    VERWIJDEREN = "verwijderen", _("Verwijderen")


class Resultaat(models.TextChoices):
    OK = "ok", _("Gelukt")
    FOUT = "fout", _("Mislukt")
    GEWEIGERD = "geweigerd", _("Geweigerd")


class AuditRecord(AppendOnlyModel):
    """One action on the personal data of one data subject (Logboek Dataverwerkingen, Logius 0.8).

    The subject is a keyed hash, never the BSN itself. The actor is copied as text rather than a
    foreign key, so removing a user can never rewrite or cascade into the log."""

    trace_id = models.CharField(max_length=32, db_index=True)
    span_id = models.CharField(max_length=16)
    parent_span_id = models.CharField(max_length=16, blank=True)
    actie = models.CharField(_("actie"), max_length=20, choices=Actie.choices)
    omschrijving = models.CharField(_("omschrijving"), max_length=200)
    verwerkingsactiviteit = models.CharField(
        _("verwerkingsactiviteit"), max_length=50, choices=Verwerkingsactiviteit.choices, db_index=True
    )
    betrokkene_id = models.CharField(_("betrokkene (pseudoniem)"), max_length=64, db_index=True)
    betrokkene_type = models.CharField(_("soort kenmerk"), max_length=20)
    actor_id = models.BigIntegerField(_("gebruiker-id"), null=True)
    actor_naam = models.CharField(_("gebruiker"), max_length=150)
    actor_soort = models.CharField(_("soort gebruiker"), max_length=20, default="gebruiker")
    start_tijd = models.DateTimeField(_("begin"))
    eind_tijd = models.DateTimeField(_("einde"))
    resultaat = models.CharField(_("resultaat"), max_length=10, choices=Resultaat.choices, default=Resultaat.OK)
    # The tamper-evident chain (see audit.ketting and ADR 0006): position in the chain and
    # HMAC(content + previous record's hash). Set by services.log_verwerking, never by hand.
    volgnummer = models.BigIntegerField(_("volgnummer"), unique=True)
    ketting_hash = models.CharField(_("kettinghash"), max_length=64)

    class Meta:
        verbose_name = _("logregel dataverwerking")
        verbose_name_plural = _("logboek dataverwerkingen")
        ordering = ["-start_tijd", "-id"]
        triggers = append_only_triggers(truncate=True)

    def __str__(self):
        return f"{self.start_tijd:%Y-%m-%d %H:%M} {self.actor_naam} {self.actie} {self.betrokkene_id[:8]}…"


class KettingKop(models.Model):
    """The one row that holds the end of the chain (the last record written) and its start (the anchor:
    the last record removed by the retention path, or nothing). Writers lock this row, so chain appends
    take turns; the verifier compares the end with the last record, so a cut-off tail is noticed too."""

    volgnummer = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)
    anker_volgnummer = models.BigIntegerField(default=0)
    anker_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("kop van de logboekketting")
