"""Norms and rules as data. Functioneel beheer edits them in /beheer/; a new version never rewrites
an old one, so an outcome can always be explained with the rule that was in force on its peildatum."""

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import selectors as cases_selectors
from venlo_armoede.accounts.toegang import PersoonsgegevensQuerySet
from venlo_armoede.doelstellingen import Doelstelling

from .voorwaarden import Inkomen, Leeftijd, OngeldigeVoorwaarde, controleer_samen, lees_voorwaarden


def bekende_kenmerken() -> frozenset[str] | None:
    """The kenmerk codes a voorwaarde may name: the active kenmerken functioneel beheer keeps (cases)."""
    return cases_selectors.actieve_kenmerkcodes()


class Leeftijdscategorie(models.TextChoices):
    JONGER_DAN_21 = "18_tot_21", _("18 tot 21 jaar")
    VANAF_21 = "21_tot_aow", _("21 jaar tot AOW-leeftijd")
    AOW = "aow", _("AOW-leeftijd en ouder")


class NormHuishoudtype(models.TextChoices):
    ALLEENSTAANDE = "alleenstaande_of_alleenstaande_ouder", _("Alleenstaande of alleenstaande ouder")
    GEHUWDEN = "gehuwden", _("Gehuwden of samenwonenden")
    GEHUWDEN_18_21_ZONDER_KIND = "gehuwden_beiden_18_tot_21_zonder_kind", _("Gehuwden, beiden 18–20, zonder kind")
    GEHUWDEN_18_21_MET_KIND = "gehuwden_beiden_18_tot_21_met_kind", _("Gehuwden, beiden 18–20, met kind")


class Norm(models.Model):
    """A Participatiewet bijstandsnorm: net per month including vakantietoeslag, valid from a date
    until the next norm of the same category and type."""

    geldig_van = models.DateField(_("geldig van"))
    leeftijdscategorie = models.CharField(_("leeftijdscategorie"), max_length=12, choices=Leeftijdscategorie.choices)
    huishoudtype = models.CharField(_("huishoudtype"), max_length=40, choices=NormHuishoudtype.choices)
    bedrag_incl_vt = models.DecimalField(_("netto per maand incl. vakantietoeslag"), max_digits=8, decimal_places=2)
    bron = models.CharField(_("bron"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("bijstandsnorm")
        verbose_name_plural = _("bijstandsnormen")
        ordering = ["-geldig_van", "leeftijdscategorie", "huishoudtype"]
        constraints = [
            models.UniqueConstraint(fields=["geldig_van", "leeftijdscategorie", "huishoudtype"], name="norm_uniek"),
            models.CheckConstraint(condition=Q(bedrag_incl_vt__gt=0), name="norm_positief"),
        ]

    def __str__(self):
        return f"{self.get_leeftijdscategorie_display()}, {self.get_huishoudtype_display()} vanaf {self.geldig_van}"


class AowLeeftijd(models.Model):
    """The AOW-leeftijd that applies to people who reach it in or after the year `vanaf_jaar`."""

    vanaf_jaar = models.PositiveSmallIntegerField(_("vanaf jaar"), unique=True)
    jaren = models.PositiveSmallIntegerField(_("jaren"), validators=[MinValueValidator(65), MaxValueValidator(75)])
    maanden = models.PositiveSmallIntegerField(_("maanden"), default=0, validators=[MaxValueValidator(11)])

    class Meta:
        verbose_name = _("AOW-leeftijd")
        verbose_name_plural = _("AOW-leeftijden")
        ordering = ["vanaf_jaar"]

    def __str__(self):
        return f"{self.jaren} jaar en {self.maanden} maanden vanaf {self.vanaf_jaar}"


class Kostendelersnorm(models.Model):
    """Art. 22a Pw: norm per person = ((basis% + A × per_persoon%) / A) × gehuwdennorm, where A counts the
    kostendelers in the home (self and partner included), and housemates count from `vanaf_leeftijd`."""

    geldig_van = models.DateField(_("geldig van"), unique=True)
    basis_pct = models.DecimalField(_("basispercentage"), max_digits=5, decimal_places=2, default=40)
    per_kostendeler_pct = models.DecimalField(
        _("percentage per kostendeler"), max_digits=5, decimal_places=2, default=30
    )
    vanaf_leeftijd = models.PositiveSmallIntegerField(_("huisgenoten tellen mee vanaf leeftijd"), default=27)

    class Meta:
        verbose_name = _("kostendelersnorm")
        verbose_name_plural = _("kostendelersnormen")
        ordering = ["-geldig_van"]

    def __str__(self):
        return f"Kostendelersnorm vanaf {self.geldig_van}"


class Vermogensgrens(models.Model):
    """Art. 34 Pw vermogensgrenzen for one calendar year."""

    jaar = models.PositiveSmallIntegerField(_("jaar"), unique=True)
    alleenstaande = models.DecimalField(_("alleenstaande"), max_digits=10, decimal_places=2)
    gezin = models.DecimalField(_("gehuwden of alleenstaande ouder"), max_digits=10, decimal_places=2)
    eigen_woning = models.DecimalField(_("extra voor overwaarde eigen woning"), max_digits=10, decimal_places=2)
    bevestigd = models.BooleanField(_("bevestigd"), default=True, help_text=_("Uit: bedrag is een aanname."))

    class Meta:
        verbose_name = _("vermogensgrens")
        verbose_name_plural = _("vermogensgrenzen")
        ordering = ["-jaar"]

    def __str__(self):
        return f"Vermogensgrenzen {self.jaar}"


class Aanvraagroute(models.TextChoices):
    GEMEENTE = "gemeente", _("Aanvragen bij de gemeente")
    BIJ_PARTNER = "bij_partner", _("Aanvragen bij de partner")
    VIA_INTERMEDIAIR = "via_intermediair", _("Aanvragen via een intermediair")


class Regeling(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    naam = models.CharField(_("naam"), max_length=150)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    doelstelling = models.CharField(_("doelstelling"), max_length=20, choices=Doelstelling.choices)
    aanbieder = models.ForeignKey(
        "accounts.Organisatie",
        verbose_name=_("aanbieder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Leeg als de gemeente de regeling zelf uitvoert."),
    )
    aanvraagroute = models.CharField(
        _("aanvraagroute"), max_length=20, choices=Aanvraagroute.choices, default=Aanvraagroute.GEMEENTE
    )
    bron = models.CharField(_("bron"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("regeling")
        verbose_name_plural = _("regelingen")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class NormBasis(models.TextChoices):
    INCL_VT = "incl_vt", _("Inclusief vakantietoeslag")
    EXCL_VT = "excl_vt", _("Exclusief vakantietoeslag")


class Vermogenstoets(models.TextChoices):
    GEEN = "geen", _("Geen vermogenstoets")
    PARTICIPATIEWET = "participatiewet", _("Vermogensgrens van de Participatiewet")


class BedragPer(models.TextChoices):
    PERSOON_PER_JAAR = "persoon_per_jaar", _("Per persoon per jaar")
    KIND_PER_JAAR = "kind_per_jaar", _("Per kind per jaar")
    HUISHOUDEN_PER_JAAR = "huishouden_per_jaar", _("Per huishouden per jaar")
    HUISHOUDEN_EENMALIG = "huishouden_eenmalig", _("Eenmalig per huishouden")


class Samenstelling(models.TextChoices):
    """Household composition, used by rules that are only for some households."""

    ALLEENSTAANDE = "alleenstaande", _("Alleenstaande")
    ALLEENSTAANDE_OUDER = "alleenstaande_ouder", _("Alleenstaande ouder")
    PAAR = "paar", _("Paar zonder kinderen")
    PAAR_MET_KINDEREN = "paar_met_kinderen", _("Paar met kinderen")


def _geheel(waarde) -> int | None:
    return waarde if isinstance(waarde, int) and not isinstance(waarde, bool) else None


def _percentage(waarde) -> Decimal | None:
    if waarde is None or isinstance(waarde, bool | float):
        return None
    try:
        getal = Decimal(str(waarde))
    except InvalidOperation:
        return None
    return getal if getal.is_finite() else None


class RegelingVersie(models.Model):
    """The rules of a regeling from geldig_van until geldig_tot (inclusive; empty = no end)."""

    regeling = models.ForeignKey(Regeling, verbose_name=_("regeling"), on_delete=models.CASCADE, related_name="versies")
    geldig_van = models.DateField(_("geldig van"))
    geldig_tot = models.DateField(_("geldig tot en met"), null=True, blank=True)

    inkomensgrens_pct = models.DecimalField(
        _("inkomensgrens (% van de norm)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Leeg: geen inkomenstoets."),
    )
    grens_inclusief = models.BooleanField(
        _("grens telt mee"),
        default=True,
        help_text=_("Aan: inkomen gelijk aan de grens geeft recht. Uit: moet eronder."),
    )
    norm_basis = models.CharField(_("norm"), max_length=8, choices=NormBasis.choices, default=NormBasis.INCL_VT)
    kostendelersnorm = models.BooleanField(_("kostendelersnorm toepassen"), default=True)
    referteperiode_maanden = models.PositiveSmallIntegerField(
        _("referteperiode (maanden)"), null=True, blank=True, help_text=_("Hoe lang het inkomen al laag moet zijn.")
    )
    vermogenstoets = models.CharField(
        _("vermogenstoets"), max_length=20, choices=Vermogenstoets.choices, default=Vermogenstoets.GEEN
    )
    aanvrager_min_leeftijd = models.PositiveSmallIntegerField(_("aanvrager minimaal (jaar)"), null=True, blank=True)
    aanvrager_max_leeftijd = models.PositiveSmallIntegerField(_("aanvrager maximaal (jaar)"), null=True, blank=True)
    aanvrager_jonger_dan_aow = models.BooleanField(_("aanvrager jonger dan AOW-leeftijd"), default=False)
    kind_min_leeftijd = models.PositiveSmallIntegerField(_("kind minimaal (jaar)"), null=True, blank=True)
    kind_max_leeftijd = models.PositiveSmallIntegerField(_("kind maximaal (jaar)"), null=True, blank=True)
    samenstellingen = models.JSONField(
        _("alleen voor huishoudens"), default=list, blank=True, help_text=_("Leeg: alle huishoudens.")
    )
    bedrag_per = models.CharField(_("bedrag per"), max_length=25, choices=BedragPer.choices, blank=True)
    bedrag = models.DecimalField(_("bedrag"), max_digits=10, decimal_places=2, null=True, blank=True)
    max_frequentie_maanden = models.PositiveSmallIntegerField(_("hoogstens eens per (maanden)"), null=True, blank=True)
    jaarbudget = models.DecimalField(_("jaarbudget"), max_digits=12, decimal_places=2, null=True, blank=True)
    altijd_beoordeling = models.BooleanField(
        _("altijd beoordeling door een medewerker"),
        default=False,
        help_text=_("Aan voor regelingen zoals bijzondere bijstand: de uitkomst vraagt altijd een afweging."),
    )
    voorwaarden = models.JSONField(
        _("voorwaarden"),
        default=list,
        blank=True,
        help_text=_(
            "Voorwaarden naast de velden hierboven; alle moeten gelden. Een lijst van objecten met een 'soort' "
            "(inkomen, langdurig_laag_inkomen, vermogen, leeftijd, kinderen, samenstelling, kenmerk); "
            "zie docs/regelingen-formaat.md."
        ),
    )

    class Meta:
        verbose_name = _("versie van een regeling")
        verbose_name_plural = _("versies van regelingen")
        ordering = ["regeling", "-geldig_van"]
        constraints = [
            models.UniqueConstraint(fields=["regeling", "geldig_van"], name="regelingversie_uniek_begin"),
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=F("geldig_van")), name="regelingversie_periode"
            ),
            models.CheckConstraint(
                condition=Q(kind_min_leeftijd__isnull=True)
                | Q(kind_max_leeftijd__isnull=True)
                | Q(kind_max_leeftijd__gte=F("kind_min_leeftijd")),
                name="regelingversie_kindleeftijd",
                violation_error_message=_(
                    "De minimumleeftijd van het kind is hoger dan de maximumleeftijd: geen enkel kind past."
                ),
            ),
        ]

    def __str__(self):
        tot = f" t/m {self.geldig_tot}" if self.geldig_tot else ""
        return f"{self.regeling} vanaf {self.geldig_van}{tot}"

    def clean(self):
        if self.geldig_tot and self.geldig_tot < self.geldig_van:
            raise ValidationError({"geldig_tot": _("De einddatum ligt vóór de begindatum.")})
        if self.bedrag is not None and not self.bedrag_per:
            raise ValidationError({"bedrag_per": _("Kies waarvoor het bedrag geldt.")})
        kenmerken = bekende_kenmerken()
        if kenmerken is not None:
            # A rule-set import checks its versions before it adds the file's own kenmerken (regelset.lees).
            kenmerken = kenmerken | getattr(self, "kenmerken_uit_bestand", frozenset())
        # Values a field check refused already (text, say) are left to that check's message.
        minimum, maximum = _geheel(self.aanvrager_min_leeftijd), _geheel(self.aanvrager_max_leeftijd)
        if minimum is not None and maximum is not None and minimum > maximum:
            raise ValidationError(
                {
                    "aanvrager_min_leeftijd": _(
                        "De minimumleeftijd van de aanvrager (%(min)s jaar) is hoger dan de maximumleeftijd "
                        "(%(max)s jaar): niemand past."
                    )
                    % {"min": minimum, "max": maximum}
                }
            )
        try:
            gelezen = lees_voorwaarden(self.voorwaarden, kenmerken=kenmerken)
        except OngeldigeVoorwaarde as fout:
            raise ValidationError({"voorwaarden": fout.bericht}) from None
        # Each voorwaarde can hold, but together with the columns they may admit no one: refuse that too.
        kolommen, bronnen = [], []
        grens = _percentage(self.inkomensgrens_pct)
        if grens is not None:
            kolommen.append(
                Inkomen(
                    max_pct=grens,
                    max_inclusief=self.grens_inclusief,
                    norm_basis=self.norm_basis,
                    kostendelersnorm=self.kostendelersnorm,
                )
            )
            bronnen.append("inkomensgrens_pct")
        if minimum is not None or maximum is not None or self.aanvrager_jonger_dan_aow:
            kolommen.append(
                Leeftijd(
                    wie="aanvrager", min_jaren=minimum, max_jaren=maximum, jonger_dan_aow=self.aanvrager_jonger_dan_aow
                )
            )
            bronnen.append("aanvrager_min_leeftijd" if minimum is not None else "aanvrager_max_leeftijd")
        try:
            controleer_samen((*kolommen, *gelezen), [*bronnen, *["voorwaarden"] * len(gelezen)])
        except OngeldigeVoorwaarde as fout:
            raise ValidationError({fout.veld: fout.bericht}) from None
        # The admin's inline checks all versions of a regeling together, with their changes (admin.py).
        if self.regeling_id and not getattr(self, "overlap_elders_gecontroleerd", False):
            overlap = RegelingVersie.objects.filter(regeling_id=self.regeling_id).exclude(pk=self.pk)
            overlap = overlap.filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=self.geldig_van))
            if self.geldig_tot:
                overlap = overlap.filter(geldig_van__lte=self.geldig_tot)
            if overlap.exists():
                raise ValidationError(_("Deze periode overlapt met een andere versie van deze regeling."))


class Uitkomst(models.TextChoices):
    RECHT = "recht", _("Recht")
    GEEN_RECHT = "geen_recht", _("Geen recht")
    BEOORDELING_NODIG = "beoordeling_nodig", _("Beoordeling nodig")


class Testgeval(models.Model):
    """An example household with the outcome functioneel beheer expects of one regeling (issue 10, item 4), kept
    as data beside the rule: `python manage.py test_regelingen` runs them, and the rule editor runs those of a
    version before a change is saved. `huishouden` is the household in the shape the YAML uses
    (docs/regelingen-formaat.md: leden with rol, geboortedatum JJJJ-MM-DD, inkomen as text; vermogen,
    laag_inkomen_sinds, kenmerken), so a file and the database hold the same thing (regelingen.testgevallen).

    Which rule it is checked against: `versie` when set (a change in the editor updated this testgeval to the
    new rules: it then describes that version, computed as if it held on the peildatum), else the version of
    the regeling in force on the peildatum."""

    __test__ = False  # its name starts with "Test": not a test class for pytest when a test imports it

    regeling = models.ForeignKey(
        Regeling, verbose_name=_("regeling"), on_delete=models.CASCADE, related_name="testgevallen"
    )
    naam = models.CharField(_("naam"), max_length=200)
    toelichting = models.TextField(_("toelichting"), blank=True, help_text=_("Hoe de uitkomst is uitgerekend."))
    peildatum = models.DateField(_("peildatum"))
    huishouden = models.JSONField(_("huishouden"), help_text=_("Zoals in een bestand met testgevallen."))
    verwacht_uitkomst = models.CharField(_("verwachte uitkomst"), max_length=20, choices=Uitkomst.choices)
    bedrag_controleren = models.BooleanField(
        _("bedrag controleren"), default=False, help_text=_("Aan: ook het bedrag moet kloppen (leeg: geen bedrag).")
    )
    verwacht_bedrag = models.DecimalField(_("verwacht bedrag"), max_digits=10, decimal_places=2, null=True, blank=True)
    versie = models.ForeignKey(
        RegelingVersie,
        verbose_name=_("beschrijft de versie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leeg: de versie die op de peildatum geldt."),
    )

    class Meta:
        verbose_name = _("testgeval")
        verbose_name_plural = _("testgevallen")
        ordering = ["regeling", "id"]
        constraints = [models.UniqueConstraint(fields=["regeling", "naam"], name="testgeval_uniek_per_regeling")]

    def __str__(self):
        return f"{self.naam} ({self.regeling})"

    def clean(self):
        from . import testgevallen  # it reads this module's models; the household check lives there

        try:
            testgevallen.huishouden_uit_data(self.huishouden)
        except testgevallen.OngeldigTestgeval as fout:
            raise ValidationError({"huishouden": fout.bericht}) from None
        if not self.bedrag_controleren and self.verwacht_bedrag is not None:
            raise ValidationError({"bedrag_controleren": _("Zet dit aan als het bedrag ook moet kloppen.")})
        if self.versie_id and self.regeling_id and self.versie.regeling_id != self.regeling_id:
            raise ValidationError({"versie": _("Deze versie hoort bij een andere regeling.")})


class Doelgroep(models.TextChoices):
    """Venlo's doelgroepen as derived from a household's composition and age."""

    ALLEENSTAANDE = "alleenstaande", _("Alleenstaande")
    EENOUDERGEZIN = "eenoudergezin", _("Eenoudergezin")
    PAAR = "paar", _("Paar zonder kinderen")
    GEZIN_MET_KINDEREN = "gezin_met_kinderen", _("Gezin met kinderen")
    OUDEREN = "ouderen", _("Ouderen (AOW-leeftijd)")


class HuishoudenGebondenQuerySet(PersoonsgegevensQuerySet):
    """Derived personal data of a household: reachable exactly as far as the household itself."""

    huishouden_pad = "huishouden"


class Inkomenspositie(models.Model):
    """The engine's view of one household on its last recompute: norm, income and income as % of the norm.
    Derived data, rewritten by every recompute; the basis for the minima population per income band."""

    huishouden = models.OneToOneField(
        "cases.Huishouden", on_delete=models.CASCADE, related_name="inkomenspositie", primary_key=True
    )
    peildatum = models.DateField(_("peildatum"))
    norm = models.DecimalField(_("norm per maand"), max_digits=10, decimal_places=2)
    inkomen = models.DecimalField(_("inkomen per maand"), max_digits=10, decimal_places=2)
    inkomen_pct = models.DecimalField(_("inkomen als % van de norm"), max_digits=8, decimal_places=2, db_index=True)
    doelgroep = models.CharField(_("doelgroep"), max_length=20, choices=Doelgroep.choices, blank=True, db_index=True)
    # The overlapping doelgroepen of the monitoring (venlo_armoede.doelgroepen), set by the same recompute.
    met_kinderen = models.BooleanField(_("met kinderen"), default=False, db_default=False)
    jongere = models.BooleanField(_("aanvrager 18 tot en met 27 jaar"), default=False, db_default=False)
    werkend = models.BooleanField(_("inkomen uit loon"), default=False, db_default=False)
    zzp = models.BooleanField(_("inkomen als zelfstandige"), default=False, db_default=False)
    fout = models.CharField(_("fout"), max_length=300, blank=True, help_text=_("Waarom niet berekend kon worden."))
    berekend_op = models.DateTimeField(_("berekend op"))

    objects = HuishoudenGebondenQuerySet.as_manager()

    class Meta:
        verbose_name = _("inkomenspositie")
        verbose_name_plural = _("inkomensposities")


class UitkomstVeld(models.SmallIntegerField):
    """An outcome in two bytes instead of six to eighteen: stored as a small integer, read, written and
    filtered as its text value (`uitkomst="recht"`), so code and API keep speaking `Uitkomst`."""

    CODES = {Uitkomst.RECHT.value: 1, Uitkomst.GEEN_RECHT.value: 2, Uitkomst.BEOORDELING_NODIG.value: 3}
    WAARDEN = {code: waarde for waarde, code in CODES.items()}

    @property
    def validators(self):
        return []  # the value is text; the choices check it

    def get_prep_value(self, value):
        if value is None or isinstance(value, int):
            return value
        return self.CODES[str(value)]

    def from_db_value(self, value, expression, connection):
        return None if value is None else self.WAARDEN[value]

    def to_python(self, value):
        return self.WAARDEN.get(value, value) if isinstance(value, int) else value


class RechtUitkomst(models.Model):
    """The current outcome of one regeling for one household (one row per pair), with the rule version used.

    Only what must be kept is stored (about 70 bytes a row, ADR 0004): the reasons are derived again from
    the stored version and the household's data when a page shows them (`selectors.redenen_voor`). A
    recompute updates a row only when version, outcome or amount changed, so `vastgesteld_op` is when this
    outcome was established; the household's Inkomenspositie says when it was last recomputed."""

    # The pair is the primary key: no id column and no second index on the pair. The table has a fillfactor
    # (migration 0006) so a changed row is rewritten on its own page (a HOT update) instead of growing the table.
    pk = models.CompositePrimaryKey("huishouden", "regeling")
    huishouden = models.ForeignKey("cases.Huishouden", on_delete=models.CASCADE, related_name="rechten", db_index=False)
    regeling = models.ForeignKey(Regeling, on_delete=models.CASCADE, related_name="uitkomsten", db_index=False)
    versie = models.ForeignKey(RegelingVersie, on_delete=models.CASCADE, related_name="+", db_index=False)
    vastgesteld_op = models.DateTimeField(_("vastgesteld op"))
    uitkomst = UitkomstVeld(_("uitkomst"), choices=Uitkomst.choices)
    bedrag = models.DecimalField(_("verwacht bedrag"), max_digits=10, decimal_places=2, null=True)

    objects = HuishoudenGebondenQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitkomst rechtenberekening")
        verbose_name_plural = _("uitkomsten rechtenberekening")


class AanvraagStatus(models.TextChoices):
    AANGEVRAAGD = "aangevraagd", _("Aangevraagd")
    TOEGEKEND = "toegekend", _("Toegekend")
    AFGEWEZEN = "afgewezen", _("Afgewezen")


class Aanvraag(models.Model):
    """An application by a household for a regeling and its decision; bereik = toegekend ÷ rechthebbend."""

    huishouden = models.ForeignKey("cases.Huishouden", on_delete=models.CASCADE, related_name="aanvragen")
    regeling = models.ForeignKey(Regeling, on_delete=models.PROTECT, related_name="aanvragen")
    status = models.CharField(_("status"), max_length=12, choices=AanvraagStatus.choices)
    aangevraagd_op = models.DateField(_("aangevraagd op"))
    besloten_op = models.DateField(_("besloten op"), null=True, blank=True)
    bedrag = models.DecimalField(_("toegekend bedrag"), max_digits=10, decimal_places=2, null=True, blank=True)

    objects = HuishoudenGebondenQuerySet.as_manager()

    class Meta:
        verbose_name = _("aanvraag")
        verbose_name_plural = _("aanvragen")
        indexes = [models.Index(fields=["regeling", "status"], name="aanvraag_per_regeling")]
        constraints = [
            models.CheckConstraint(
                condition=Q(besloten_op__isnull=True) | Q(besloten_op__gte=F("aangevraagd_op")),
                name="aanvraag_besluit_na_aanvraag",
            ),
            models.CheckConstraint(
                condition=Q(status="aangevraagd", besloten_op__isnull=True)
                | (~Q(status="aangevraagd") & Q(besloten_op__isnull=False)),
                name="aanvraag_besluitdatum_bij_besluit",
            ),
            models.CheckConstraint(condition=Q(bedrag__isnull=True) | Q(bedrag__gte=0), name="aanvraag_bedrag"),
        ]


class RunStatus(models.TextChoices):
    BEZIG = "bezig", _("bezig")
    KLAAR = "klaar", _("klaar")
    MISLUKT = "mislukt", _("mislukt")
    VERVANGEN = "vervangen", _("vervangen door een nieuwe")


class HerberekeningsRun(models.Model):
    """One full recompute. At most one is active at a time (a partial unique index), so starting it twice
    (beat plus an edit in /beheer/, say) queues the chunks once. Its chunks are rows (HerberekeningsChunk),
    so a run whose worker died is finished by re-queueing only the missing ones (ADR 0012)."""

    actief = models.BooleanField(default=True)  # kept equal to status == BEZIG; carries the unique index
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.BEZIG)
    reden = models.CharField(max_length=200, blank=True)
    aantal_chunks = models.PositiveIntegerField()
    chunks_klaar = models.PositiveIntegerField(default=0)
    gestart_op = models.DateTimeField(auto_now_add=True)
    laatste_voortgang = models.DateTimeField(default=timezone.now)  # start, last finished chunk or re-queue
    herstelpogingen = models.PositiveSmallIntegerField(default=0)
    # A recompute asked for while this one ran (a norm change, say): queued again once this one ends,
    # because chunks finished before the change used the old rules.
    opnieuw_reden = models.CharField(max_length=200, blank=True)
    klaar_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("volledige herberekening")
        verbose_name_plural = _("volledige herberekeningen")
        constraints = [
            models.UniqueConstraint(fields=["actief"], condition=Q(actief=True), name="een_actieve_herberekening")
        ]

    @property
    def procent(self) -> int:
        """Progress for the progress bar: finished chunks of all chunks."""
        if self.status == RunStatus.KLAAR:
            return 100
        return round(100 * self.chunks_klaar / self.aantal_chunks) if self.aantal_chunks else 0


class HerberekeningsChunk(models.Model):
    """One id range of a full recompute; klaar_op is set in the same transaction as the chunk's outcomes."""

    run = models.ForeignKey(HerberekeningsRun, on_delete=models.CASCADE, related_name="chunks")
    van_id = models.BigIntegerField()
    tot_id = models.BigIntegerField()
    klaar_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("deel van een herberekening")
        verbose_name_plural = _("delen van een herberekening")
        constraints = [models.UniqueConstraint(fields=["run", "van_id"], name="een_chunk_per_begin")]


class ScenarioRun(models.Model):
    """A what-if over a large population, computed by a Celery task (regelingen.tasks.bereken_scenario). Its own
    counters (households done of all) feed the progress bar; its result holds counts only, never a person, and
    is shown through the same suppression as a what-if on the page (scenario.weergave)."""

    class Status(models.TextChoices):
        WACHT = "wacht", _("Wacht op de rekenserver")
        BEZIG = "bezig", _("Bezig")
        KLAAR = "klaar", _("Klaar")
        MISLUKT = "mislukt", _("Mislukt")

    gestart_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("gestart door")
    )
    regeling_code = models.CharField(_("regeling"), max_length=50)
    regeling_naam = models.CharField(_("naam van de regeling"), max_length=150)
    wijzigingen = models.JSONField(_("gewijzigde velden"), default=dict, blank=True)
    voorwaarden = models.JSONField(_("voorwaarden"), null=True, blank=True)  # None: the rule's own
    peildatum = models.DateField(_("peildatum"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WACHT)
    huishoudens_klaar = models.PositiveIntegerField(default=0)
    huishoudens_totaal = models.PositiveIntegerField(default=0)
    gestart_op = models.DateTimeField(default=timezone.now)
    bijgewerkt_op = models.DateTimeField(default=timezone.now)  # start, every step of progress, the end
    klaar_op = models.DateTimeField(null=True, blank=True)
    melding = models.CharField(max_length=300, blank=True)
    resultaat = models.JSONField(null=True, blank=True)  # scenario.uitkomst_als_data: counts only

    class Meta:
        verbose_name = _("wat-als-berekening")
        verbose_name_plural = _("wat-als-berekeningen")
        ordering = ["-gestart_op", "-pk"]

    def __str__(self):
        return f"Wat als {self.regeling_naam} ({self.gestart_op:%d-%m-%Y %H:%M})"

    @property
    def procent(self) -> int:
        if self.status == self.Status.KLAAR:
            return 100
        return round(100 * self.huishoudens_klaar / self.huishoudens_totaal) if self.huishoudens_totaal else 0

    @property
    def vastgelopen(self) -> bool:
        """Waiting or busy, without progress for longer than a task may run: its worker is gone."""
        grens = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
        return self.status in (self.Status.WACHT, self.Status.BEZIG) and self.bijgewerkt_op < grens

    @property
    def loopt(self) -> bool:
        return self.status in (self.Status.WACHT, self.Status.BEZIG) and not self.vastgelopen

    @property
    def status_tekst(self) -> str:
        return str(_("Gestopt")) if self.vastgelopen else str(self.get_status_display())
