from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from venlo_armoede.accounts.toegang import PersoonsgegevensQuerySet
from venlo_armoede.append_only import AppendOnlyModel, AppendOnlyQuerySet, append_only_triggers
from venlo_armoede.versleuteling import BlindeIndexField, VersleuteldBSNField

from .bsn import valideer_bsn
from .termijnen import EERSTE_JAAR, feestdagen
from .workflow import CasusStatusWaarde, Uitstroomreden

postcode_validator = RegexValidator(
    r"^[1-9][0-9]{3} ?[A-Z]{2}$", _("Vul een postcode in zoals 5911 AB."), code="ongeldige_postcode"
)


class HuishoudenQuerySet(PersoonsgegevensQuerySet):
    huishouden_pad = ""


class InwonerQuerySet(PersoonsgegevensQuerySet):
    huishouden_pad = "huishouden"


class InkomensBronQuerySet(PersoonsgegevensQuerySet):
    huishouden_pad = "inwoner__huishouden"


class SchuldQuerySet(PersoonsgegevensQuerySet):
    huishouden_pad = "huishouden"


class Huishouden(models.Model):
    straat = models.CharField(_("straat"), max_length=120)
    huisnummer = models.PositiveIntegerField(_("huisnummer"), validators=[MinValueValidator(1)])
    huisnummer_toevoeging = models.CharField(_("toevoeging"), max_length=10, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, validators=[postcode_validator])
    woonplaats = models.CharField(_("woonplaats"), max_length=80, default="Venlo")
    stadsdeel = models.ForeignKey("accounts.Stadsdeel", verbose_name=_("stadsdeel"), on_delete=models.PROTECT)
    vermogen = models.DecimalField(
        _("vermogen"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leeg als het vermogen niet bekend is."),
    )
    laag_inkomen_sinds = models.DateField(
        _("laag inkomen sinds"), null=True, blank=True, help_text=_("Sinds wanneer het inkomen laag is, als bekend.")
    )
    geen_contact = models.BooleanField(
        _("wil geen contact"), default=False, help_text=_("Het huishouden wil niet benaderd worden over regelingen.")
    )
    # Set when the retention period ended and the personal data were removed (cases.services.anonimiseer_verlopen).
    # The row stays for the aggregates (stadsdeel, frozen engine outcomes); the system no longer works on it.
    geanonimiseerd_op = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True, editable=False)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = HuishoudenQuerySet.as_manager()

    class Meta:
        verbose_name = _("huishouden")
        verbose_name_plural = _("huishoudens")
        constraints = [
            models.CheckConstraint(
                condition=Q(vermogen__isnull=True) | Q(vermogen__gte=0), name="vermogen_niet_negatief"
            ),
        ]

    def __str__(self):
        if self.geanonimiseerd_op:
            return f"Geanonimiseerd huishouden {self.pk}"
        return f"{self.straat} {self.huisnummer}{self.huisnummer_toevoeging}, {self.postcode} {self.woonplaats}"


class Gezinsrol(models.TextChoices):
    AANVRAGER = "aanvrager", _("Aanvrager")
    PARTNER = "partner", _("Partner")
    KIND = "kind", _("Kind")
    OVERIG = "overig", _("Overige huisgenoot")


class Inwoner(models.Model):
    huishouden = models.ForeignKey(
        Huishouden, verbose_name=_("huishouden"), on_delete=models.CASCADE, related_name="leden"
    )
    voornaam = models.CharField(_("voornaam"), max_length=80)
    tussenvoegsel = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    achternaam = models.CharField(_("achternaam"), max_length=120)
    geboortedatum = models.DateField(_("geboortedatum"))
    # Encrypted at rest; matched and kept unique through the blind index (ADR 0013).
    bsn = VersleuteldBSNField(_("BSN"), null=True, blank=True, validators=[valideer_bsn], index_veld="bsn_index")
    bsn_index = BlindeIndexField(_("blinde index van het BSN"), bron="bsn", null=True, unique=True)
    rol = models.CharField(_("rol in het huishouden"), max_length=10, choices=Gezinsrol.choices)

    objects = InwonerQuerySet.as_manager()

    class Meta:
        verbose_name = _("inwoner")
        verbose_name_plural = _("inwoners")
        constraints = [
            # One aanvrager and at most one partner per household.
            models.UniqueConstraint(
                fields=["huishouden"], condition=Q(rol="aanvrager"), name="een_aanvrager_per_huishouden"
            ),
            models.UniqueConstraint(
                fields=["huishouden"], condition=Q(rol="partner"), name="hoogstens_een_partner_per_huishouden"
            ),
            models.CheckConstraint(condition=Q(rol__in=Gezinsrol.values), name="inwoner_rol_geldig"),
        ]

    def __str__(self):
        return self.naam

    @property
    def naam(self) -> str:
        return " ".join(deel for deel in (self.voornaam, self.tussenvoegsel, self.achternaam) if deel)


class InkomenSoort(models.TextChoices):
    LOON = "loon", _("Loon uit dienstverband")
    ZZP = "zzp", _("Inkomen als zelfstandige")
    BIJSTAND = "bijstand", _("Bijstandsuitkering")
    WW = "ww", _("WW-uitkering")
    ARBEIDSONGESCHIKTHEID = "arbeidsongeschiktheid", _("WIA/WAO/Wajong")
    AOW = "aow", _("AOW")
    PENSIOEN = "pensioen", _("Pensioen")
    ALIMENTATIE = "alimentatie", _("Alimentatie")
    STUDIEFINANCIERING = "studiefinanciering", _("Studiefinanciering")
    OVERIG = "overig", _("Overig inkomen")


class InkomensBron(models.Model):
    inwoner = models.ForeignKey(Inwoner, verbose_name=_("inwoner"), on_delete=models.CASCADE, related_name="inkomens")
    soort = models.CharField(_("soort"), max_length=25, choices=InkomenSoort.choices)
    netto_maandbedrag = models.DecimalField(
        _("netto per maand"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    geldig_van = models.DateField(_("geldig van"))
    geldig_tot = models.DateField(_("geldig tot en met"), null=True, blank=True)

    objects = InkomensBronQuerySet.as_manager()

    class Meta:
        verbose_name = _("inkomensbron")
        verbose_name_plural = _("inkomensbronnen")
        constraints = [
            models.CheckConstraint(condition=Q(netto_maandbedrag__gte=0), name="inkomen_niet_negatief"),
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=models.F("geldig_van")),
                name="inkomen_periode_geldig",
            ),
        ]

    def __str__(self):
        return f"{self.get_soort_display()} € {self.netto_maandbedrag}"


class SchuldSoort(models.TextChoices):
    """The DDAS schuldsoorten."""

    NUTS = "nuts", _("Nutsvoorzieningen")
    PUBLIEK = "publiek", _("Publieke schuldeisers")
    ZORG = "zorg", _("Zorg")
    OVERIG = "overig", _("Overig")


class SchuldStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_REGELING = "in_regeling", _("In regeling")
    AFGELOST = "afgelost", _("Afgelost")
    BETWIST = "betwist", _("Betwist")


class Schuld(models.Model):
    """One debt to one schuldeiser. Registered for a casus (cases.schulden) or, older rows, for the household
    only. `bedrag_bij_intake` and `bij_intake` are set once at registration and never changed: together they
    are the stand bij intake of Venlo's aanbeveling 9 (see cases.schulden)."""

    huishouden = models.ForeignKey(Huishouden, on_delete=models.CASCADE, related_name="schulden")
    casus = models.ForeignKey(
        "Casus", verbose_name=_("casus"), null=True, blank=True, on_delete=models.PROTECT, related_name="schulden"
    )
    schuldeiser = models.CharField(_("schuldeiser"), max_length=120)
    soort = models.CharField(_("soort"), max_length=10, choices=SchuldSoort.choices)
    bedrag = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    geregistreerd_op = models.DateField(_("geregistreerd op"))
    # Defaults in the database too: the demo seed inserts debts with plain SQL (demo.populatie._voeg_in).
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SchuldStatus.choices,
        default=SchuldStatus.OPEN,
        db_default=SchuldStatus.OPEN.value,
    )
    regeling = models.TextField(_("afspraak of regeling"), blank=True, default="", db_default="")
    bedrag_bij_intake = models.DecimalField(
        _("bedrag bij registratie"), max_digits=12, decimal_places=2, null=True, blank=True, editable=False
    )
    bij_intake = models.BooleanField(_("bekend bij intake"), default=False, db_default=False, editable=False)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), null=True, blank=True)

    objects = SchuldQuerySet.as_manager()

    class Meta:
        verbose_name = _("schuld")
        verbose_name_plural = _("schulden")
        constraints = [
            models.CheckConstraint(condition=Q(bedrag__gte=0), name="schuld_niet_negatief"),
            models.CheckConstraint(
                condition=Q(bedrag_bij_intake__isnull=True) | Q(bedrag_bij_intake__gte=0),
                name="schuld_intake_niet_negatief",
            ),
            models.CheckConstraint(condition=Q(status__in=SchuldStatus.values), name="schuld_status_geldig"),
            # One row per schuldeiser in a casus, whatever the capitals.
            models.UniqueConstraint(
                Lower("schuldeiser"),
                "casus",
                condition=Q(casus__isnull=False),
                name="schuld_een_per_schuldeiser",
            ),
        ]

    def __str__(self):
        return f"{self.schuldeiser}: € {self.bedrag}"


class AanmeldBron(models.TextChoices):
    """Where an aanmelding came from (shown in triage, counted for beleid)."""

    ZELF = "zelf", _("Inwoner zelf")
    KCC = "kcc", _("Klantcontactcentrum")
    PARTNER = "partner", _("Partnerorganisatie")
    VROEGSIGNAAL = "vroegsignaal", _("Vroegsignaal")
    WIJKTEAM = "wijkteam", _("Wijkteam")


class CrisisReden(models.TextChoices):
    """Why an aanmelding is a crisis (the eerste gesprek is then due within 3 werkdagen)."""

    DREIGENDE_HUISUITZETTING = "dreigende_huisuitzetting", _("Dreigende huisuitzetting")
    AFSLUITING_ENERGIE_WATER = "afsluiting_energie_water", _("Afsluiting van energie of water")
    OPZEGGING_ZORGVERZEKERING = "opzegging_zorgverzekering", _("Opzegging van de zorgverzekering")
    ANDERS = "anders", _("Anders")


class CasusQuerySet(PersoonsgegevensQuerySet):
    huishouden_pad = "huishouden"

    def open(self):
        return self.exclude(status=CasusStatusWaarde.AFGESLOTEN)


class Casus(models.Model):
    """One hulpvraag of a household, run by one klantadviseur from aanmelding to nazorg.
    `status` mirrors the newest CasusStatus row; only cases.services changes it."""

    huishouden = models.ForeignKey(
        Huishouden, verbose_name=_("huishouden"), on_delete=models.PROTECT, related_name="casussen"
    )
    klantadviseur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("klantadviseur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="casussen",
    )
    hulpvraag = models.TextField(_("hulpvraag"))
    crisis = models.BooleanField(
        _("crisissituatie"),
        default=False,
        help_text=_("Dreigende huisuitzetting, afsluiting van energie of water, of opzegging van de zorgverzekering."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CasusStatusWaarde.choices,
        default=CasusStatusWaarde.AANMELDING,
        editable=False,
    )
    crisis_reden = models.CharField(_("reden van de crisis"), max_length=30, choices=CrisisReden.choices, blank=True)
    crisis_toelichting = models.CharField(_("toelichting op de crisis"), max_length=500, blank=True)
    aangemeld_op = models.DateTimeField(_("aangemeld op"))
    # The events that start and end the Wgs deadlines (cases.termijnen); null until they happen.
    eerste_gesprek_op = models.DateField(_("eerste gesprek op"), null=True, blank=True)
    beschikking_op = models.DateField(_("beschikking op"), null=True, blank=True)
    toegelaten = models.BooleanField(_("toegelaten tot schuldhulp"), null=True, blank=True)
    schuldregeling_op = models.DateField(_("schuldregeling of oplossing bereikt op"), null=True, blank=True)
    # Optimistic concurrency: every change through cases.services raises it; a stale save is refused.
    versie = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    bron = models.CharField(_("bron"), max_length=20, choices=AanmeldBron.choices, default=AanmeldBron.ZELF)
    # Why the casus was closed (DDAS); set only by closing it (cases.services.wijzig_status).
    uitstroomreden = models.CharField(
        _("uitstroomreden"), max_length=20, choices=Uitstroomreden.choices, blank=True, editable=False
    )
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = CasusQuerySet.as_manager()

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        ordering = ["-aangemeld_op"]
        # The team reach (accounts.toegang) asks "which households have a casus of these klantadviseurs": with
        # the household in the index the database answers it from the index alone (the team page, issue 12).
        indexes = [models.Index(fields=["klantadviseur", "huishouden"], name="casus_adviseur_huishouden")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CasusStatusWaarde.values), name="casus_status_geldig"),
            models.CheckConstraint(condition=Q(crisis=False) | ~Q(crisis_reden=""), name="casus_crisis_met_reden"),
        ]

    def __str__(self):
        return f"Casus {self.pk} ({self.get_status_display()})"


class CasusStatusQuerySet(AppendOnlyQuerySet, PersoonsgegevensQuerySet):
    huishouden_pad = "casus__huishouden"


class CasusStatus(AppendOnlyModel):
    """The status history of a casus. Rows are only ever added (see venlo_armoede.append_only)."""

    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="statushistorie")
    status = models.CharField(_("status"), max_length=20, choices=CasusStatusWaarde.choices)
    tijdstip = models.DateTimeField(_("tijdstip"))
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    toelichting = models.TextField(_("toelichting"), blank=True)

    objects = CasusStatusQuerySet.as_manager()

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statushistorie")
        ordering = ["tijdstip", "id"]
        triggers = append_only_triggers()


class DoorbraakQuerySet(AppendOnlyQuerySet, PersoonsgegevensQuerySet):
    huishouden_pad = "huishouden"

    def geldig(self):
        return self.filter(verloopt_op__gt=timezone.now())


class Doorbraak(AppendOnlyModel):
    """Break-the-glass: a klantadviseur opened a household outside the own team and said why (doelbinding).
    Valid for a working day; listed for the privacy officer. Rows are only ever added."""

    GELDIG = timedelta(hours=8)

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gebruiker"), on_delete=models.PROTECT, related_name="doorbraken"
    )
    huishouden = models.ForeignKey(
        Huishouden, verbose_name=_("huishouden"), on_delete=models.CASCADE, related_name="doorbraken"
    )
    reden = models.TextField(_("reden"))
    tijdstip = models.DateTimeField(_("tijdstip"))
    verloopt_op = models.DateTimeField(_("verloopt op"))

    objects = DoorbraakQuerySet.as_manager()

    class Meta:
        verbose_name = _("inzage buiten eigen team")
        verbose_name_plural = _("inzagen buiten eigen team")
        ordering = ["-tijdstip"]
        indexes = [models.Index(fields=["gebruiker", "huishouden", "verloopt_op"], name="doorbraak_geldig")]
        triggers = append_only_triggers()


class GelijkgesteldeDag(models.Model):
    """A day the government declared equal to an algemeen erkende feestdag (Atw art. 3 lid 3, by Koninklijk
    Besluit; in practice the Friday after Hemelvaartsdag). Reference data kept by functioneel beheer; the
    deadlines skip these days like a feestdag (cases.termijnen)."""

    datum = models.DateField(_("datum"), unique=True)
    omschrijving = models.CharField(
        _("omschrijving"), max_length=200, help_text=_("Bijvoorbeeld: vrijdag na Hemelvaartsdag, besluit van ...")
    )

    class Meta:
        verbose_name = _("gelijkgestelde dag")
        verbose_name_plural = _("gelijkgestelde dagen")
        ordering = ["-datum"]

    def __str__(self):
        return f"{self.datum:%d-%m-%Y} {self.omschrijving}"

    def clean(self):
        if self.datum is None:
            return
        if self.datum.year < EERSTE_JAAR:
            raise ValidationError({"datum": _("Vul een datum in vanaf %(jaar)s.") % {"jaar": EERSTE_JAAR}})
        if self.datum.weekday() >= 5:
            raise ValidationError({"datum": _("Deze dag is een zaterdag of zondag en telt al niet als werkdag.")})
        if naam := feestdagen(self.datum.year).get(self.datum):
            raise ValidationError(
                {"datum": _("Deze dag is al een feestdag (%(naam)s) en telt al niet als werkdag.") % {"naam": naam}}
            )


class DossierSoort(models.TextChoices):
    """Kinds of file with their own retention period (Selectielijst gemeenten)."""

    SCHULDHULPVERLENING = "schuldhulpverlening", _("Schuldhulpverlening (casus)")
    INKOMENSVOORZIENING = "inkomensvoorziening", _("Inkomensvoorziening (aanvraag van een regeling)")


class Bewaartermijn(models.Model):
    """How long a kind of file is kept after it ended. Reference data, edited by functioneel beheer;
    the defaults come from a data migration (ADR 0014)."""

    soort = models.CharField(_("soort dossier"), max_length=30, choices=DossierSoort.choices, unique=True)
    jaren = models.PositiveSmallIntegerField(
        _("jaren na afsluiten"),
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Na zoveel jaren worden de persoonsgegevens geanonimiseerd."),
    )
    bron = models.CharField(_("bron"), max_length=300, blank=True)
    bevestigd = models.BooleanField(
        _("bevestigd"), default=False, help_text=_("Uit: de termijn is nog niet bevestigd door de archivaris.")
    )

    class Meta:
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")
        ordering = ["soort"]
        constraints = [
            models.CheckConstraint(condition=Q(jaren__gte=1), name="bewaartermijn_minstens_een_jaar"),
            models.CheckConstraint(condition=Q(soort__in=DossierSoort.values), name="bewaartermijn_soort_geldig"),
        ]

    def __str__(self):
        return f"{self.get_soort_display()}: {self.jaren} jaar"


# --- Maatwerk and the menselijke maattafel (vier ogen), nazorg ----------------------------------------------
class FlexibelBudget(models.Model):
    """The money per year the kwaliteitsfunctionaris may spend on maatwerk. Set by functioneel beheer; holds
    no personal data. `besteed` only grows through cases.maatwerk.beslis (one conditional UPDATE), and the
    database refuses any row where more is spent than there is."""

    jaar = models.PositiveSmallIntegerField(_("jaar"), unique=True, validators=[MinValueValidator(EERSTE_JAAR)])
    bedrag = models.DecimalField(
        _("budget"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)], help_text=_("In euro.")
    )
    besteed = models.DecimalField(_("besteed"), max_digits=12, decimal_places=2, default=0, editable=False)

    class Meta:
        verbose_name = _("flexibel budget")
        verbose_name_plural = _("flexibele budgetten")
        ordering = ["-jaar"]
        constraints = [
            models.CheckConstraint(condition=Q(besteed__gte=0), name="budget_besteed_niet_negatief"),
            models.CheckConstraint(condition=Q(besteed__lte=models.F("bedrag")), name="budget_nooit_onder_nul"),
        ]

    def __str__(self):
        return f"Flexibel budget {self.jaar}"

    @property
    def over(self):
        return self.bedrag - self.besteed

    def clean(self):
        if self.bedrag is not None and self.bedrag < self.besteed:
            raise ValidationError(
                {
                    "bedrag": _("Er is al € %(besteed)s besteed. Het budget kan niet lager zijn.")
                    % {"besteed": self.besteed}
                }
            )


class MaatwerkSoort(models.TextChoices):
    BOVEN_GRENS = "boven_grens", _("Een regeling boven de grens")
    FLEXIBEL_BUDGET = "flexibel_budget", _("Een bedrag uit het flexibel budget")


class MaatwerkStatus(models.TextChoices):
    OPEN = "open", _("Wacht op beoordeling")
    GOEDGEKEURD = "goedgekeurd", _("Goedgekeurd")
    AFGEWEZEN = "afgewezen", _("Afgewezen")


class MaatwerkQuerySet(PersoonsgegevensQuerySet):
    huishouden_pad = "casus__huishouden"


class MaatwerkVoorstel(models.Model):
    """A klantadviseur's proposal to deviate from the rules for one casus. The regeling is kept as its name:
    the cases app sits below regelingen and may not point at its tables. `status` mirrors the one
    MaatwerkBesluit (append-only) and changes only once, from open."""

    casus = models.ForeignKey(Casus, verbose_name=_("casus"), on_delete=models.PROTECT, related_name="maatwerk")
    soort = models.CharField(_("soort maatwerk"), max_length=20, choices=MaatwerkSoort.choices)
    regeling = models.CharField(_("regeling"), max_length=200, blank=True)
    bedrag = models.DecimalField(_("bedrag"), max_digits=10, decimal_places=2, null=True, blank=True)
    motivering = models.TextField(_("motivering"))
    voorgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("voorgesteld door"), on_delete=models.PROTECT, related_name="+"
    )
    voorgesteld_op = models.DateTimeField(_("voorgesteld op"))
    status = models.CharField(
        _("status"), max_length=12, choices=MaatwerkStatus.choices, default=MaatwerkStatus.OPEN, editable=False
    )

    objects = MaatwerkQuerySet.as_manager()

    class Meta:
        verbose_name = _("maatwerkvoorstel")
        verbose_name_plural = _("maatwerkvoorstellen")
        ordering = ["voorgesteld_op", "id"]
        indexes = [models.Index(fields=["status", "voorgesteld_op"], name="maatwerk_status")]
        constraints = [
            models.CheckConstraint(condition=Q(soort__in=MaatwerkSoort.values), name="maatwerk_soort_geldig"),
            models.CheckConstraint(condition=Q(status__in=MaatwerkStatus.values), name="maatwerk_status_geldig"),
            models.CheckConstraint(condition=Q(bedrag__isnull=True) | Q(bedrag__gt=0), name="maatwerk_bedrag_positief"),
            models.CheckConstraint(
                condition=~Q(soort="flexibel_budget") | Q(bedrag__isnull=False), name="maatwerk_budget_met_bedrag"
            ),
            models.CheckConstraint(condition=~Q(soort="boven_grens") | ~Q(regeling=""), name="maatwerk_grens_regeling"),
        ]

    def __str__(self):
        return f"Maatwerk {self.pk} ({self.get_status_display()})"


class MaatwerkBesluitQuerySet(AppendOnlyQuerySet, PersoonsgegevensQuerySet):
    huishouden_pad = "voorstel__casus__huishouden"


class MaatwerkBesluit(AppendOnlyModel):
    """The decision on a proposal: one per proposal (the database refuses a second), never changed."""

    voorstel = models.OneToOneField(
        MaatwerkVoorstel, verbose_name=_("voorstel"), on_delete=models.PROTECT, related_name="besluit"
    )
    goedgekeurd = models.BooleanField(_("goedgekeurd"))
    reden = models.TextField(_("reden"))
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), on_delete=models.PROTECT, related_name="+"
    )
    tijdstip = models.DateTimeField(_("tijdstip"))
    budgetjaar = models.PositiveSmallIntegerField(_("budgetjaar"), null=True, blank=True)

    objects = MaatwerkBesluitQuerySet.as_manager()

    class Meta:
        verbose_name = _("besluit over maatwerk")
        verbose_name_plural = _("besluiten over maatwerk")
        ordering = ["tijdstip", "id"]
        triggers = append_only_triggers()


class NazorgTermijn(models.Model):
    """After how many months a closed ("afgerond") casus gets a nazorg contact. Reference data for functioneel
    beheer; the defaults (3 and 12 months, Venlo's aanbeveling 19) come from a data migration."""

    maanden = models.PositiveSmallIntegerField(
        _("maanden na afsluiten"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    omschrijving = models.CharField(_("omschrijving"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("nazorgtermijn")
        verbose_name_plural = _("nazorgtermijnen")
        ordering = ["maanden"]
        constraints = [models.CheckConstraint(condition=Q(maanden__gte=1), name="nazorg_minstens_een_maand")]

    def __str__(self):
        return f"Nazorg na {self.maanden} maanden"


class NazorgQuerySet(PersoonsgegevensQuerySet):
    huishouden_pad = "casus__huishouden"

    def te_doen(self, *, tot):
        return self.filter(uitgevoerd_op__isnull=True, gepland_op__lte=tot)


class NazorgContact(models.Model):
    """One planned contact after closing. Recording it once fills in the answers; they are not overwritten."""

    casus = models.ForeignKey(Casus, verbose_name=_("casus"), on_delete=models.PROTECT, related_name="nazorg")
    maanden = models.PositiveSmallIntegerField(_("maanden na afsluiten"))
    gepland_op = models.DateField(_("gepland op"))
    uitgevoerd_op = models.DateField(_("contact gehad op"), null=True, blank=True)
    nieuwe_achterstanden = models.BooleanField(_("nieuwe betalingsachterstanden"), null=True, blank=True)
    rust_en_overzicht = models.BooleanField(_("rust en overzicht"), null=True, blank=True)
    toelichting = models.TextField(_("toelichting"), blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), null=True, blank=True)

    objects = NazorgQuerySet.as_manager()

    class Meta:
        verbose_name = _("nazorgcontact")
        verbose_name_plural = _("nazorgcontacten")
        ordering = ["gepland_op", "id"]
        indexes = [models.Index(fields=["uitgevoerd_op", "gepland_op"], name="nazorg_te_doen")]
        constraints = [
            models.UniqueConstraint(fields=["casus", "maanden"], name="nazorg_een_per_termijn"),
            models.CheckConstraint(
                condition=Q(uitgevoerd_op__isnull=True)
                | Q(nieuwe_achterstanden__isnull=False, rust_en_overzicht__isnull=False),
                name="nazorg_uitgevoerd_met_antwoorden",
            ),
        ]

    def __str__(self):
        return f"Nazorg casus {self.casus_id} na {self.maanden} maanden"


# --- Wgs deadlines at work: afspraken, versions, overdue deadlines (issue 8, items 5, 9, 14) -------------------
# One block at the end of the file. The next running deadline is denormalised onto Casus (added here with
# add_to_class) so Mijn werk sorts in SQL; cases.services keeps it up to date whenever its inputs change.
Casus.add_to_class(
    "volgende_termijn_op",
    models.DateField(_("volgende termijn uiterlijk"), null=True, blank=True, db_index=True, editable=False),
)


class AfspraakSoort(models.TextChoices):
    EERSTE_GESPREK = "eerste_gesprek", _("Eerste gesprek")
    OVERIG = "overig", _("Overige afspraak")


class AfspraakQuerySet(PersoonsgegevensQuerySet):
    huishouden_pad = "casus__huishouden"


class Afspraak(models.Model):
    """An appointment with the inwoner. The eerste gesprek is one: its date satisfies the Wgs deadline."""

    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="afspraken")
    soort = models.CharField(_("soort"), max_length=20, choices=AfspraakSoort.choices)
    datum = models.DateField(_("datum"))
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    objects = AfspraakQuerySet.as_manager()

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["datum", "id"]

    def __str__(self):
        return f"{self.get_soort_display()} {self.datum:%d-%m-%Y}"


class CasusWijzigingQuerySet(AppendOnlyQuerySet, PersoonsgegevensQuerySet):
    huishouden_pad = "casus__huishouden"


class CasusWijziging(AppendOnlyModel):
    """What each version of a casus changed, so a refused stale save can say what happened in between."""

    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="wijzigingen")
    versie = models.PositiveIntegerField(_("versie"))
    omschrijving = models.CharField(_("omschrijving"), max_length=300)
    door = models.CharField(_("door"), max_length=200, blank=True)
    tijdstip = models.DateTimeField(_("tijdstip"), default=timezone.now)

    objects = CasusWijzigingQuerySet.as_manager()

    class Meta:
        verbose_name = _("casuswijziging")
        verbose_name_plural = _("casuswijzigingen")
        ordering = ["casus", "versie"]
        triggers = append_only_triggers()


class TermijnSoort(models.TextChoices):
    EERSTE_GESPREK = "eerste_gesprek", _("Eerste gesprek")
    BESCHIKKING = "beschikking", _("Beschikking")
    SCHULDREGELING = "schuldregeling", _("Schuldregeling")


class TermijnOverschrijdingQuerySet(PersoonsgegevensQuerySet):
    huishouden_pad = "casus__huishouden"


class TermijnOverschrijding(models.Model):
    """A Wgs deadline of a casus that passed without its event, recorded once (daily beat task or a late event)
    so the team page can count missed deadlines."""

    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="termijnoverschrijdingen")
    soort = models.CharField(_("soort"), max_length=20, choices=TermijnSoort.choices)
    uiterlijk = models.DateField(_("uiterlijk"))
    vastgesteld_op = models.DateField(_("vastgesteld op"))

    objects = TermijnOverschrijdingQuerySet.as_manager()

    class Meta:
        verbose_name = _("termijnoverschrijding")
        verbose_name_plural = _("termijnoverschrijdingen")
        ordering = ["uiterlijk", "id"]
        constraints = [models.UniqueConstraint(fields=["casus", "soort"], name="termijnoverschrijding_een_per_soort")]

    def __str__(self):
        return f"{self.get_soort_display()} casus {self.casus_id} verlopen op {self.uiterlijk:%d-%m-%Y}"


# --- Triage: hoofdbehandelaar, team and handovers (issue 8) ------------------------------------------------
# The team and stadsdeel the midoffice assigns at triage. Added here, not in the class body, to keep this
# block in one place; `contribute_to_class` makes them ordinary fields of Casus (migration 0017).
models.ForeignKey(
    "accounts.Team",
    verbose_name=_("team"),
    null=True,
    blank=True,
    on_delete=models.PROTECT,
    related_name="casussen",
).contribute_to_class(Casus, "team")
models.ForeignKey(
    "accounts.Stadsdeel",
    verbose_name=_("stadsdeel van de casus"),
    null=True,
    blank=True,
    on_delete=models.PROTECT,
    related_name="casussen",
).contribute_to_class(Casus, "stadsdeel")


class OverdrachtQuerySet(AppendOnlyQuerySet, PersoonsgegevensQuerySet):
    huishouden_pad = "casus__huishouden"


class Overdracht(AppendOnlyModel):
    """Who became the hoofdbehandelaar of a casus, when, by whom and why. The first assignment at triage has no
    `van`; every later one (a handover) needs a reason. Rows are only ever added: the history of who was
    responsible stays as it happened."""

    casus = models.ForeignKey(Casus, verbose_name=_("casus"), on_delete=models.PROTECT, related_name="overdrachten")
    van = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("van"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    naar = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("naar"), on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        "accounts.Team", verbose_name=_("team"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Empty when an API koppeling assigned (the reason then names it; the audit log names the token).
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    tijdstip = models.DateTimeField(_("tijdstip"))
    reden = models.TextField(_("reden"), blank=True)

    objects = OverdrachtQuerySet.as_manager()

    class Meta:
        verbose_name = _("overdracht")
        verbose_name_plural = _("overdrachten")
        ordering = ["tijdstip", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(van__isnull=True) | ~Q(reden=""), name="overdracht_met_reden"),
        ]
        triggers = append_only_triggers()

    def __str__(self):
        return f"Overdracht casus {self.casus_id} ({self.tijdstip:%d-%m-%Y})"


# --- The casus dossier: schulden history, ZRM screening, notities, Routekaart mijlpalen, bewind ---------------
class SchuldWijzigingQuerySet(AppendOnlyQuerySet, PersoonsgegevensQuerySet):
    huishouden_pad = "schuld__huishouden"


class SchuldWijziging(AppendOnlyModel):
    """What happened to a debt (registered, amount or status changed), for the timeline. Rows are only added."""

    schuld = models.ForeignKey(Schuld, verbose_name=_("schuld"), on_delete=models.CASCADE, related_name="wijzigingen")
    tijdstip = models.DateTimeField(_("tijdstip"))
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    omschrijving = models.TextField(_("omschrijving"))

    objects = SchuldWijzigingQuerySet.as_manager()

    class Meta:
        verbose_name = _("wijziging van een schuld")
        verbose_name_plural = _("wijzigingen van schulden")
        ordering = ["tijdstip", "id"]
        triggers = append_only_triggers()


class ZrmDomein(models.TextChoices):
    """The 13 domains of the Zelfredzaamheid-Matrix (ZRM 2017), in the matrix's order."""

    FINANCIEN = "financien", _("Financiën")
    WERK_OPLEIDING = "werk_opleiding", _("Werk & opleiding")
    TIJDSBESTEDING = "tijdsbesteding", _("Tijdsbesteding")
    HUISVESTING = "huisvesting", _("Huisvesting")
    HUISELIJKE_RELATIES = "huiselijke_relaties", _("Huiselijke relaties")
    GEESTELIJKE_GEZONDHEID = "geestelijke_gezondheid", _("Geestelijke gezondheid")
    LICHAMELIJKE_GEZONDHEID = "lichamelijke_gezondheid", _("Lichamelijke gezondheid")
    MIDDELENGEBRUIK = "middelengebruik", _("Middelengebruik")
    BASALE_ADL = "basale_adl", _("Basale ADL")
    INSTRUMENTELE_ADL = "instrumentele_adl", _("Instrumentele ADL")
    SOCIAAL_NETWERK = "sociaal_netwerk", _("Sociaal netwerk")
    MAATSCHAPPELIJKE_PARTICIPATIE = "maatschappelijke_participatie", _("Maatschappelijke participatie")
    JUSTITIE = "justitie", _("Justitie")


class ZrmScoreWaarde(models.IntegerChoices):
    ACUUT = 1, _("1 Acuut probleem")
    NIET = 2, _("2 Niet zelfredzaam")
    BEPERKT = 3, _("3 Beperkt zelfredzaam")
    VOLDOENDE = 4, _("4 Voldoende zelfredzaam")
    VOLLEDIG = 5, _("5 Volledig zelfredzaam")


class ZrmScreeningQuerySet(AppendOnlyQuerySet, PersoonsgegevensQuerySet):
    huishouden_pad = "casus__huishouden"


class ZrmScreening(AppendOnlyModel):
    """One ZRM screening of a casus on one day; repeated over time, never changed (a new one is added)."""

    casus = models.ForeignKey(Casus, verbose_name=_("casus"), on_delete=models.PROTECT, related_name="screenings")
    afgenomen_op = models.DateField(_("afgenomen op"))
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), on_delete=models.PROTECT, related_name="+"
    )
    tijdstip = models.DateTimeField(_("vastgelegd op"))

    objects = ZrmScreeningQuerySet.as_manager()

    class Meta:
        verbose_name = _("ZRM-screening")
        verbose_name_plural = _("ZRM-screenings")
        ordering = ["-afgenomen_op", "-id"]
        triggers = append_only_triggers()


class ZrmScoreQuerySet(AppendOnlyQuerySet, PersoonsgegevensQuerySet):
    huishouden_pad = "screening__casus__huishouden"


class ZrmScore(AppendOnlyModel):
    screening = models.ForeignKey(
        ZrmScreening, verbose_name=_("screening"), on_delete=models.PROTECT, related_name="scores"
    )
    domein = models.CharField(_("domein"), max_length=30, choices=ZrmDomein.choices)
    score = models.PositiveSmallIntegerField(
        _("score"), choices=ZrmScoreWaarde.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    toelichting = models.TextField(_("toelichting"), blank=True)

    objects = ZrmScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("ZRM-score")
        verbose_name_plural = _("ZRM-scores")
        triggers = append_only_triggers()
        constraints = [
            models.UniqueConstraint(fields=["screening", "domein"], name="zrm_een_score_per_domein"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="zrm_score_1_tot_5"),
            models.CheckConstraint(condition=Q(domein__in=ZrmDomein.values), name="zrm_domein_geldig"),
        ]


class NotitieQuerySet(AppendOnlyQuerySet, PersoonsgegevensQuerySet):
    huishouden_pad = "casus__huishouden"


class Notitie(AppendOnlyModel):
    """A note on a casus: who, when, what. Never changed or removed; a correction is a new note."""

    casus = models.ForeignKey(Casus, verbose_name=_("casus"), on_delete=models.PROTECT, related_name="notities")
    tekst = models.TextField(_("notitie"))
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), on_delete=models.PROTECT, related_name="+"
    )
    tijdstip = models.DateTimeField(_("tijdstip"))

    objects = NotitieQuerySet.as_manager()

    class Meta:
        verbose_name = _("notitie")
        verbose_name_plural = _("notities")
        ordering = ["-tijdstip", "-id"]
        triggers = append_only_triggers()


class Mijlpaal(models.Model):
    """A mijlpaal of the VNG Routekaart Financiële Zorgen. Reference data kept by functioneel beheer; the
    defaults come from a data migration (names 6 to 8 are not confirmed yet)."""

    volgorde = models.PositiveSmallIntegerField(_("volgorde"), unique=True, validators=[MinValueValidator(1)])
    naam = models.CharField(_("naam"), max_length=100)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    bevestigd = models.BooleanField(
        _("bevestigd"), default=True, help_text=_("Uit: de naam is nog niet bevestigd met de Routekaart van de VNG.")
    )
    actief = models.BooleanField(_("actief"), default=True, help_text=_("Uit: niet meer te kiezen bij een casus."))

    class Meta:
        verbose_name = _("mijlpaal van de Routekaart")
        verbose_name_plural = _("mijlpalen van de Routekaart")
        ordering = ["volgorde"]

    def __str__(self):
        return f"{self.volgorde}. {self.naam}"


class MijlpaalBereiktQuerySet(AppendOnlyQuerySet, PersoonsgegevensQuerySet):
    huishouden_pad = "casus__huishouden"


class MijlpaalBereikt(AppendOnlyModel):
    """A casus reached a mijlpaal on a day; recorded once by a klantadviseur."""

    casus = models.ForeignKey(Casus, verbose_name=_("casus"), on_delete=models.PROTECT, related_name="mijlpalen")
    mijlpaal = models.ForeignKey(Mijlpaal, verbose_name=_("mijlpaal"), on_delete=models.PROTECT, related_name="+")
    bereikt_op = models.DateField(_("bereikt op"))
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), on_delete=models.PROTECT, related_name="+"
    )
    tijdstip = models.DateTimeField(_("vastgelegd op"))

    objects = MijlpaalBereiktQuerySet.as_manager()

    class Meta:
        verbose_name = _("bereikte mijlpaal")
        verbose_name_plural = _("bereikte mijlpalen")
        ordering = ["mijlpaal__volgorde"]
        triggers = append_only_triggers()
        constraints = [models.UniqueConstraint(fields=["casus", "mijlpaal"], name="mijlpaal_een_keer_per_casus")]


class BewindSoort(models.TextChoices):
    BESCHERMINGSBEWIND = "beschermingsbewind", _("Beschermingsbewind")
    BUDGETBEHEER = "budgetbeheer", _("Budgetbeheer")


class BewindQuerySet(PersoonsgegevensQuerySet):
    huishouden_pad = "inwoner__huishouden"

    def lopend(self, *, op):
        return self.filter(Q(tot__isnull=True) | Q(tot__gte=op), sinds__lte=op)


class Bewind(models.Model):
    """An inwoner under beschermingsbewind or budgetbeheer (Venlo's aanbeveling 18): by whom, since when, and
    what it costs per month from bijzondere bijstand. Ended by filling in `tot`, never deleted."""

    inwoner = models.ForeignKey(Inwoner, verbose_name=_("inwoner"), on_delete=models.CASCADE, related_name="bewind")
    soort = models.CharField(_("soort"), max_length=20, choices=BewindSoort.choices)
    organisatie = models.ForeignKey(
        "accounts.Organisatie",
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisatie_naam = models.CharField(_("naam bewindvoerder of organisatie"), max_length=150, blank=True)
    sinds = models.DateField(_("sinds"))
    tot = models.DateField(_("tot en met"), null=True, blank=True)
    maandkosten_bijzondere_bijstand = models.DecimalField(
        _("kosten per maand uit bijzondere bijstand"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vastgelegd door"), on_delete=models.PROTECT, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"))

    objects = BewindQuerySet.as_manager()

    class Meta:
        verbose_name = _("bewind of budgetbeheer")
        verbose_name_plural = _("bewind en budgetbeheer")
        ordering = ["-sinds", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(soort__in=BewindSoort.values), name="bewind_soort_geldig"),
            models.CheckConstraint(
                condition=Q(organisatie__isnull=False) | ~Q(organisatie_naam=""), name="bewind_met_organisatie"
            ),
            models.CheckConstraint(
                condition=Q(maandkosten_bijzondere_bijstand__isnull=True) | Q(maandkosten_bijzondere_bijstand__gte=0),
                name="bewind_kosten_niet_negatief",
            ),
            models.CheckConstraint(
                condition=Q(tot__isnull=True) | Q(tot__gte=models.F("sinds")), name="bewind_periode_geldig"
            ),
        ]

    def __str__(self):
        return f"{self.get_soort_display()} sinds {self.sinds:%d-%m-%Y}"

    @property
    def uitvoerder(self) -> str:
        return self.organisatie.naam if self.organisatie_id else self.organisatie_naam


class KenmerkGeldtVoor(models.TextChoices):
    PERSOON = "persoon", _("Een persoon")
    HUISHOUDEN = "huishouden", _("Het huishouden")


class KenmerkSoort(models.Model):
    """A kenmerk a regeling may ask about ("chronisch ziek", "student"). Reference data for functioneel beheer;
    a voorwaarde names the code, so the code never changes once used (an old one is made inactive instead)."""

    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        help_text=_("Kleine letters, cijfers en _ ; zo noemt een voorwaarde van een regeling het kenmerk."),
    )
    naam = models.CharField(_("naam"), max_length=120)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    geldt_voor = models.CharField(_("geldt voor"), max_length=10, choices=KenmerkGeldtVoor.choices)
    actief = models.BooleanField(
        _("actief"), default=True, help_text=_("Alleen actieve kenmerken kunnen worden vastgelegd en in regels staan.")
    )

    class Meta:
        verbose_name = _("soort kenmerk")
        verbose_name_plural = _("soorten kenmerken")
        ordering = ["naam"]
        constraints = [
            models.CheckConstraint(condition=Q(geldt_voor__in=KenmerkGeldtVoor.values), name="kenmerksoort_geldt_voor")
        ]

    def __str__(self):
        return self.naam


class KenmerkBron(models.TextChoices):
    INWONER = "inwoner", _("De inwoner zelf")
    ARTS = "arts", _("Verklaring van een arts")
    UWV = "uwv", _("UWV")
    GEMEENTE = "gemeente", _("Gemeente")
    ANDERS = "anders", _("Anders")


class KenmerkQuerySet(PersoonsgegevensQuerySet):
    huishouden_pad = "huishouden"

    def geldig_op(self, peildatum):
        return self.filter(geldig_van__lte=peildatum).filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=peildatum))


class Kenmerk(models.Model):
    """A kenmerk recorded for a period: of one inwoner (`inwoner` set) or of the whole household (`inwoner`
    empty). `huishouden` is always set, also for a person, so access and the batch read one path. Only
    cases.services writes these rows (it checks that periods of the same soort do not overlap)."""

    soort = models.ForeignKey(KenmerkSoort, verbose_name=_("kenmerk"), on_delete=models.PROTECT, related_name="+")
    huishouden = models.ForeignKey(
        Huishouden, verbose_name=_("huishouden"), on_delete=models.CASCADE, related_name="kenmerken"
    )
    inwoner = models.ForeignKey(
        Inwoner, verbose_name=_("inwoner"), null=True, blank=True, on_delete=models.CASCADE, related_name="kenmerken"
    )
    geldig_van = models.DateField(_("geldig van"))
    geldig_tot = models.DateField(_("geldig tot en met"), null=True, blank=True)
    bron = models.CharField(_("bron"), max_length=10, choices=KenmerkBron.choices)
    toelichting = models.CharField(_("toelichting"), max_length=500, blank=True)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    objects = KenmerkQuerySet.as_manager()

    class Meta:
        verbose_name = _("kenmerk")
        verbose_name_plural = _("kenmerken")
        ordering = ["-geldig_van", "id"]
        indexes = [models.Index(fields=["huishouden", "geldig_van"], name="kenmerk_huishouden_van")]
        constraints = [
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=models.F("geldig_van")),
                name="kenmerk_periode_geldig",
            ),
            models.CheckConstraint(condition=Q(bron__in=KenmerkBron.values), name="kenmerk_bron_geldig"),
        ]

    def __str__(self):
        return str(self.soort)

    def geldt_op(self, dag) -> bool:
        return self.geldig_van <= dag and (self.geldig_tot is None or self.geldig_tot >= dag)
