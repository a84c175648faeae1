"""KPI snapshots: pre-computed figures per KPI, month, stadsdeel and doelgroep, so the dashboards read a small
table whose size does not grow with the data. No personal data: counts only, already marked for suppression."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class KpiRun(models.Model):
    """One computation of all snapshots; its counters feed the progress bar (done of total KPIs)."""

    class Status(models.TextChoices):
        WACHT = "wacht", _("Wacht op de rekenserver")
        BEZIG = "bezig", _("Bezig")
        KLAAR = "klaar", _("Klaar")
        MISLUKT = "mislukt", _("Mislukt")

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WACHT)
    totaal = models.PositiveIntegerField(default=0)
    klaar = models.PositiveIntegerField(default=0)
    gestart_op = models.DateTimeField(default=timezone.now)
    klaar_op = models.DateTimeField(null=True, blank=True)
    gestart_door = models.CharField(max_length=150, blank=True)  # a user name or "beat"
    melding = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("KPI-berekening")
        verbose_name_plural = _("KPI-berekeningen")
        ordering = ["-gestart_op", "-pk"]

    @property
    def procent(self) -> int:
        return round(100 * self.klaar / self.totaal) if self.totaal else 0

    @property
    def loopt(self) -> bool:
        return self.status in (self.Status.WACHT, self.Status.BEZIG)


class KpiWaarde(models.Model):
    """One figure: a KPI (monitoring.kpis code) in a month, for a stadsdeel (null: heel Venlo), a doelgroep
    (null: alle) and a category (regeling, partner, reden; "" when the KPI has none). `aantal` is what a
    median or average is based on. The *_verborgen flags are set by the one suppression rule when the run
    writes the month (monitoring.onderdrukking)."""

    kpi = models.CharField(max_length=60)
    maand = models.DateField()  # the first day of the month
    stadsdeel = models.ForeignKey(
        "accounts.Stadsdeel", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    doelgroep = models.CharField(max_length=30, null=True, blank=True)
    categorie = models.CharField(max_length=200, blank=True, default="")
    teller = models.DecimalField(max_digits=16, decimal_places=2, null=True)
    noemer = models.DecimalField(max_digits=16, decimal_places=2, null=True)
    aantal = models.PositiveIntegerField(null=True)
    waarde = models.DecimalField(max_digits=16, decimal_places=2, null=True)
    teller_verborgen = models.BooleanField(default=False)
    noemer_verborgen = models.BooleanField(default=False)
    run = models.ForeignKey(KpiRun, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("KPI-waarde")
        verbose_name_plural = _("KPI-waarden")
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "maand", "stadsdeel", "doelgroep", "categorie"],
                name="kpiwaarde_uniek",
                nulls_distinct=False,
            ),
            models.CheckConstraint(condition=Q(maand__day=1), name="kpiwaarde_maand_eerste_dag"),
        ]
        indexes = [
            models.Index(fields=["kpi", "maand"], name="kpiwaarde_kpi_maand"),
            # What a page reads: one stadsdeel (or heel Venlo) and one doelgroep (or alle) over a period. With 14
            # doelgroepen the table holds ~150,000 rows on Venlo's scale; this keeps the read at a few hundred.
            models.Index(fields=["stadsdeel", "doelgroep", "maand"], name="kpiwaarde_filter"),
        ]
