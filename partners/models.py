"""The sociale kaart: the diensten (services) of Venlo's partner organisations, with how to reach them and
their capacity. Partner organisations themselves are accounts.Organisatie (the core)."""

from django import forms
from django.conf import settings
from django.core import exceptions
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from venlo_armoede.accounts.models import Organisatie, Stadsdeel
from venlo_armoede.accounts.roles import SIGNAALPARTNER_SOORTEN, Reikwijdte, reikwijdte_gebruiker
from venlo_armoede.accounts.toegang import PersoonsgegevensQuerySet
from venlo_armoede.append_only import AppendOnlyModel, AppendOnlyQuerySet, append_only_triggers
from venlo_armoede.doelstellingen import Doelstelling
from venlo_armoede.versleuteling import BlindeIndexField, VersleuteldBSNField


class Codelijst(models.CharField):
    """A list of codes from fixed choices, stored as text like ",schulden,administratie," (ADR 0017).

    The commas on both ends make "has code X" a plain `LIKE '%,X,%'` that works on PostgreSQL and on the
    SQLite of `make run` alike (ArrayField and JSON containment do not). Use `veld__contains=Codelijst.bevat(x)`.
    In forms it is a set of checkboxes."""

    def __init__(self, *args, keuzes=(), **kwargs):
        self.keuzes = list(keuzes)
        kwargs.setdefault("max_length", 250)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        naam, pad, args, kwargs = super().deconstruct()
        kwargs["keuzes"] = self.keuzes
        if kwargs.get("max_length") == 250:
            del kwargs["max_length"]
        if kwargs.get("default") is list:
            del kwargs["default"]
        return naam, pad, args, kwargs

    @staticmethod
    def bevat(code: str) -> str:
        return f",{code},"

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None or isinstance(value, list):
            return value
        if isinstance(value, (tuple, set)):
            return list(value)
        return [code for code in value.split(",") if code]

    def get_prep_value(self, value):
        if isinstance(value, (list, tuple)):
            return f",{','.join(value)}," if value else ""
        return value  # a lookup's text as it is, e.g. ",schulden," for __contains

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        if not value:
            if not self.blank:
                raise exceptions.ValidationError(self.error_messages["blank"], code="blank")
            return
        geldig = {code for code, _label in self.keuzes}
        for code in value:
            if code not in geldig:
                raise exceptions.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": code}
                )

    def run_validators(self, value):
        # The stored text's length, not the list's, is what max_length guards.
        super().run_validators(self.get_prep_value(value))

    def formfield(self, **kwargs):
        velden = {
            "choices": self.keuzes,
            "widget": forms.CheckboxSelectMultiple,
            "required": not self.blank,
            "label": capfirst(self.verbose_name),
            "help_text": self.help_text,
        }
        # Not the widget: the admin offers its text box for every CharField, which cannot hold a list.
        velden.update((k, v) for k, v in kwargs.items() if k in ("initial", "disabled", "label"))
        return forms.MultipleChoiceField(**velden)


class Hulpvraag(models.TextChoices):
    """What an inwoner needs help with: the first filter of the public page."""

    SCHULDEN = "schulden", _("Schulden of rekeningen die ik niet kan betalen")
    ADMINISTRATIE = "administratie", _("Post en papieren op orde krijgen")
    RONDKOMEN = "rondkomen", _("Rondkomen met weinig geld")
    KINDEREN = "kinderen", _("Kinderen laten meedoen met school, sport of cultuur")
    BEWIND = "bewind", _("Iemand die mijn geld beheert (budgetbeheer of bewind)")
    ZORGKOSTEN = "zorgkosten", _("Zorgkosten en zorgverzekering")
    WIJK = "wijk", _("Hulp en steun in mijn wijk")


class Doelgroep(models.TextChoices):
    GEZINNEN = "gezinnen", _("Gezinnen met kinderen")
    JONGEREN = "jongeren", _("Jongeren tot 27 jaar")
    VOLWASSENEN = "volwassenen", _("Volwassenen")
    OUDEREN = "ouderen", _("Ouderen")
    ONDERNEMERS = "ondernemers", _("Ondernemers en zzp'ers")
    MANTELZORGERS = "mantelzorgers", _("Mantelzorgers")


class Aanmeldroute(models.TextChoices):
    """How an inwoner reaches a dienst: Venlo's access routes (aanbeveling 13)."""

    ZELF = "zelf", _("Zelf aanmelden")
    VIA_GEMEENTE = "via_gemeente", _("Aanmelden via de gemeente")
    VIA_INTERMEDIAIR = "via_intermediair", _("Via een hulpverlener of school")


class DienstQuerySet(models.QuerySet):
    def openbaar(self):
        """What the public page and API show: active diensten of active organisations."""
        return self.filter(actief=True, organisatie__actief=True)

    def voor_stadsdeel(self, stadsdeel):
        """Diensten that work in the stadsdeel, and those with no werkgebied (the whole municipality)."""
        werkgebied = Dienst.werkgebied.through.objects.filter(dienst_id=OuterRef("pk"))
        return self.filter(Exists(werkgebied.filter(stadsdeel=stadsdeel)) | ~Exists(werkgebied))

    def met_hulpvraag(self, hulpvraag: str):
        return self.filter(hulpvragen__contains=Codelijst.bevat(hulpvraag))

    def voor_doelgroep(self, doelgroep: str):
        """Diensten for this doelgroep, and those for everyone (no doelgroep named)."""
        return self.filter(Q(doelgroepen__contains=Codelijst.bevat(doelgroep)) | Q(doelgroepen=[]))


class Dienst(models.Model):
    """One service of an organisation on the sociale kaart (the Open Referral HSDS `service`)."""

    organisatie = models.ForeignKey(
        Organisatie, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="diensten"
    )
    naam = models.CharField(_("naam"), max_length=150)
    omschrijving = models.TextField(
        _("omschrijving"), help_text=_("In eenvoudige woorden (taalniveau B1): wat doet deze dienst voor iemand?")
    )
    hulpvragen = Codelijst(
        keuzes=Hulpvraag.choices,
        verbose_name=_("hulpvragen"),
        help_text=_("Bij welke vragen kan deze dienst helpen?"),
    )
    doelgroepen = Codelijst(
        keuzes=Doelgroep.choices,
        verbose_name=_("doelgroep"),
        blank=True,
        help_text=_("Voor wie is deze dienst? Niets aangevinkt: voor iedereen."),
    )
    voorwaarden = models.TextField(
        _("voorwaarden"), blank=True, help_text=_("Wie kan er gebruik van maken? Bijvoorbeeld een inkomensgrens.")
    )
    werkgebied = models.ManyToManyField(
        Stadsdeel,
        verbose_name=_("werkgebied"),
        blank=True,
        related_name="diensten",
        help_text=_("In welke stadsdelen werkt deze dienst? Niets gekozen: in heel Venlo."),
    )
    doelstellingen = Codelijst(
        keuzes=Doelstelling.choices,
        verbose_name=_("doelstellingen"),
        blank=True,
    )
    aanmeldroutes = Codelijst(
        keuzes=Aanmeldroute.choices,
        verbose_name=_("hoe aanmelden"),
        help_text=_("Hoe komt een inwoner bij deze dienst?"),
    )
    aanmelden_uitleg = models.TextField(
        _("uitleg over aanmelden"), blank=True, help_text=_("Bijvoorbeeld: bel op werkdagen tussen 9 en 12 uur.")
    )
    telefoon = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    website = models.URLField(_("website"), blank=True)
    adres = models.CharField(_("adres"), max_length=150, blank=True, help_text=_("Straat en huisnummer."))
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    plaats = models.CharField(_("plaats"), max_length=80, blank=True)
    # Capacity as in the HSDS service_capacity object; the partner keeps it up to date (for now in /beheer/).
    capaciteit_beschikbaar = models.PositiveIntegerField(
        _("plekken vrij"), null=True, blank=True, help_text=_("Hoeveel plekken zijn er nu vrij? Leeg: niet bekend.")
    )
    capaciteit_maximum = models.PositiveIntegerField(_("plekken in totaal"), null=True, blank=True)
    capaciteit_eenheid = models.CharField(
        _("eenheid"), max_length=50, blank=True, help_text=_("Wat telt u? Bijvoorbeeld: trajecten, gezinnen, plekken.")
    )
    capaciteit_bijgewerkt_op = models.DateTimeField(_("capaciteit bijgewerkt op"), null=True, blank=True)
    actief = models.BooleanField(_("actief"), default=True)

    objects = DienstQuerySet.as_manager()

    class Meta:
        verbose_name = _("dienst")
        verbose_name_plural = _("diensten")
        ordering = ["organisatie__naam", "naam"]
        constraints = [
            models.UniqueConstraint(fields=["organisatie", "naam"], name="dienst_uniek_per_organisatie"),
            models.CheckConstraint(
                condition=Q(capaciteit_beschikbaar__isnull=True)
                | Q(capaciteit_maximum__isnull=True)
                | Q(capaciteit_beschikbaar__lte=models.F("capaciteit_maximum")),
                name="dienst_capaciteit_niet_boven_maximum",
                violation_error_message=_("Er kunnen niet meer plekken vrij zijn dan er in totaal zijn."),
            ),
            models.CheckConstraint(
                condition=Q(capaciteit_beschikbaar__isnull=True) | ~Q(capaciteit_eenheid=""),
                name="dienst_capaciteit_met_eenheid",
                violation_error_message=_("Vul ook de eenheid in: wat telt u?"),
            ),
        ]

    def __str__(self):
        return f"{self.naam} ({self.organisatie})"

    @property
    def doelgroep_namen(self) -> list[str]:
        return [str(Doelgroep(code).label) for code in self.doelgroepen]


# --- Vroegsignalering (Wgs art. 3a) -----------------------------------------------------------------------


class VroegsignaalSoort(models.TextChoices):
    """What the arrears are for. A woningcorporatie signals huur, an energieleverancier energie, and so on."""

    HUUR = "huur", _("Huurachterstand")
    ENERGIE = "energie", _("Energieachterstand")
    WATER = "water", _("Drinkwaterachterstand")
    ZORGVERZEKERING = "zorgverzekering", _("Premieachterstand zorgverzekering")


class VroegsignaalStatus(models.TextChoices):
    ONTVANGEN = "ontvangen", _("Ontvangen")
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    AFGEHANDELD = "afgehandeld", _("Afgehandeld")


class VroegsignaalResultaat(models.TextChoices):
    """The outcome reported back to the signaalpartner, after the DDAS vroegsignalering results."""

    HULP_GEACCEPTEERD = "hulp_geaccepteerd", _("Hulp geaccepteerd")
    HULP_GEWEIGERD = "hulp_geweigerd", _("Hulp geweigerd")
    GEEN_HULP_NODIG = "geen_hulp_nodig", _("Geen hulp nodig (zelf opgelost)")
    GEEN_CONTACT = "geen_contact", _("Geen contact gekregen")
    REEDS_BEKEND = "reeds_bekend", _("Reeds bekend bij schuldhulpverlening")
    DOORVERWEZEN = "doorverwezen", _("Doorverwezen naar een andere organisatie")
    OVERIG = "overig", _("Overig")


class ContactpogingSoort(models.TextChoices):
    BRIEF = "brief", _("Brief")
    HUISBEZOEK = "huisbezoek", _("Huisbezoek")
    KAARTJE = "kaartje", _("Kaartje")
    MAIL = "mail", _("Mail")
    SMS_WHATSAPP = "sms_whatsapp", _("SMS/WhatsApp")
    TELEFOON = "telefoon", _("Telefoon")
    OVERIGE = "overige", _("Overige")


class VroegsignaalQuerySet(PersoonsgegevensQuerySet):
    """A signaalpartner's token sees only its own organisation's signals; the gemeente's case workers with
    Reikwijdte.ALLES (the midoffice) see all of them; nobody else sees any (a kwaliteitsfunctionaris judges
    maatwerk, not signals)."""

    huishouden_pad = "huishouden"

    def for_user(self, user):
        return self if reikwijdte_gebruiker(user) is Reikwijdte.ALLES else self.none()

    def for_token(self, token):
        if token is None or not token.is_geldig() or token.organisatie.soort not in SIGNAALPARTNER_SOORTEN:
            return self.none()
        return self.filter(organisatie_id=token.organisatie_id)


class Vroegsignaal(models.Model):
    """A payment arrears signal from a signaalpartner. Personal data (name, address, BSN): the BSN is stored
    encrypted (ADR 0013) and never shown or returned."""

    OPEENVOLGEND_BINNEN_MAANDEN = 6

    organisatie = models.ForeignKey(
        Organisatie, verbose_name=_("signaalpartner"), on_delete=models.PROTECT, related_name="vroegsignalen"
    )
    soort = models.CharField(_("soort"), max_length=20, choices=VroegsignaalSoort.choices)
    achterstand_bedrag = models.DecimalField(_("achterstand"), max_digits=10, decimal_places=2)
    achterstand_sinds = models.DateField(_("achterstand sinds"))
    naam = models.CharField(_("naam"), max_length=200)
    straat = models.CharField(_("straat"), max_length=120)
    huisnummer = models.PositiveIntegerField(_("huisnummer"))
    huisnummer_toevoeging = models.CharField(_("toevoeging"), max_length=10, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, db_index=True)
    woonplaats = models.CharField(_("woonplaats"), max_length=80)
    bsn = VersleuteldBSNField(_("BSN"), null=True, blank=True, index_veld="bsn_index")
    bsn_index = BlindeIndexField(_("blinde index van het BSN"), bron="bsn", null=True, db_index=True)
    huishouden = models.ForeignKey(
        "cases.Huishouden",
        verbose_name=_("bekend huishouden"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vroegsignalen",
    )
    opeenvolgend = models.BooleanField(_("opeenvolgend"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=VroegsignaalStatus.choices, default=VroegsignaalStatus.ONTVANGEN
    )
    resultaat = models.CharField(_("resultaat"), max_length=30, choices=VroegsignaalResultaat.choices, blank=True)
    resultaat_op = models.DateTimeField(_("resultaat gemeld op"), null=True, blank=True)
    casus = models.ForeignKey(
        "cases.Casus", verbose_name=_("casus"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ontvangen_op = models.DateTimeField(_("ontvangen op"))

    objects = VroegsignaalQuerySet.as_manager()

    class Meta:
        verbose_name = _("vroegsignaal")
        verbose_name_plural = _("vroegsignalen")
        ordering = ["-ontvangen_op", "-id"]
        indexes = [models.Index(fields=["postcode", "huisnummer", "ontvangen_op"], name="vroegsignaal_adres")]
        constraints = [
            models.CheckConstraint(condition=Q(achterstand_bedrag__gt=0), name="vroegsignaal_bedrag_positief"),
            models.CheckConstraint(condition=Q(soort__in=VroegsignaalSoort.values), name="vroegsignaal_soort_geldig"),
        ]

    def __str__(self):
        return f"Vroegsignaal {self.pk} ({self.get_soort_display()})"

    @property
    def adres(self) -> str:
        return f"{self.straat} {self.huisnummer}{self.huisnummer_toevoeging}, {self.postcode} {self.woonplaats}"


class ContactpogingQuerySet(PersoonsgegevensQuerySet):
    huishouden_pad = "vroegsignaal__huishouden"

    def for_user(self, user):
        return self if reikwijdte_gebruiker(user) is Reikwijdte.ALLES else self.none()

    def for_token(self, token):
        return self.none()


class Contactpoging(models.Model):
    """An attempt of the gemeente to offer help after a vroegsignaal."""

    vroegsignaal = models.ForeignKey(
        Vroegsignaal, verbose_name=_("vroegsignaal"), on_delete=models.CASCADE, related_name="contactpogingen"
    )
    soort = models.CharField(_("soort contact"), max_length=20, choices=ContactpogingSoort.choices)
    datum = models.DateField(_("datum"))
    bereikt = models.BooleanField(_("inwoner bereikt"))
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    objects = ContactpogingQuerySet.as_manager()

    class Meta:
        verbose_name = _("contactpoging")
        verbose_name_plural = _("contactpogingen")
        ordering = ["datum", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(soort__in=ContactpogingSoort.values), name="contactpoging_soort_geldig")
        ]


class WijksignaalAard(models.TextChoices):
    """What the money questions in the neighbourhood were about (no person is named)."""

    SCHULDEN = "schulden", _("Schulden of betalingsachterstand")
    REGELINGEN = "regelingen", _("Vragen over regelingen en toeslagen")
    ADMINISTRATIE = "administratie", _("Hulp bij post en administratie")
    ROND_KOMEN = "rond_komen", _("Niet rondkomen, vaste lasten")
    KINDEREN = "kinderen", _("Kosten voor kinderen (school, sport)")
    OVERIG = "overig", _("Iets anders")


class WijksignaalAfhandeling(models.TextChoices):
    ZELF_GEHOLPEN = "zelf_geholpen", _("Zelf geholpen")
    DOORVERWEZEN_GEMEENTE = "doorverwezen_gemeente", _("Doorverwezen naar de gemeente")
    DOORVERWEZEN_PARTNER = "doorverwezen_partner", _("Doorverwezen naar een partner")
    INFORMATIE_GEGEVEN = "informatie_gegeven", _("Informatie gegeven")
    NIET_AFGEHANDELD = "niet_afgehandeld", _("Nog niet afgehandeld")


class Wijksignaal(models.Model):
    """Money questions a wijkteam or partner met in a stadsdeel (Venlo's aanbeveling 12): counts only, no
    personal data, so no free text at all."""

    organisatie = models.ForeignKey(
        Organisatie, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="wijksignalen"
    )
    stadsdeel = models.ForeignKey(Stadsdeel, verbose_name=_("stadsdeel"), on_delete=models.PROTECT, related_name="+")
    aantal = models.PositiveIntegerField(_("aantal vragen"))
    aard = models.CharField(_("waar gingen de vragen over"), max_length=20, choices=WijksignaalAard.choices)
    afhandeling = models.CharField(_("afhandeling"), max_length=30, choices=WijksignaalAfhandeling.choices)
    periode_tot = models.DateField(_("in de periode tot en met"))
    geregistreerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("geregistreerd door"), on_delete=models.PROTECT, related_name="+"
    )
    geregistreerd_op = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("wijksignaal")
        verbose_name_plural = _("wijksignalen")
        ordering = ["-geregistreerd_op"]
        constraints = [models.CheckConstraint(condition=Q(aantal__gte=1), name="wijksignaal_aantal_positief")]


# --- Warme doorverwijzing: toestemming, doorverwijzing and its steps (ADR 0019) ---------------------------


class Gegevenscategorie(models.TextChoices):
    """What an inwoner may agree to share with a partner. A fixed list: the partner sees only these."""

    CONTACTGEGEVENS = "contactgegevens", _("Naam en adres")
    HUISHOUDEN = "huishouden", _("Samenstelling van het huishouden")
    INKOMEN = "inkomen", _("Inkomen")
    SCHULDEN = "schulden", _("Schulden")
    HULPVRAAG = "hulpvraag", _("Hulpvraag")


class ToestemmingWijze(models.TextChoices):
    MONDELING = "mondeling", _("Mondeling")
    SCHRIFTELIJK = "schriftelijk", _("Schriftelijk")
    DIGITAAL = "digitaal", _("Digitaal")


class ToestemmingQuerySet(PersoonsgegevensQuerySet):
    huishouden_pad = "casus__huishouden"

    def geldig(self, *, op=None):
        """Not revoked and not past its end date on `op` (today)."""
        op = op or timezone.localdate()
        return self.filter(ingetrokken_op__isnull=True, geldig_tot__gte=op, gegeven_op__lte=op)


class Toestemming(models.Model):
    """The inwoner's consent to share some categories of data with one organisation, until a date.
    Revoking stops any further sharing at once (the partner then sees "toestemming ingetrokken")."""

    casus = models.ForeignKey("cases.Casus", on_delete=models.PROTECT, related_name="toestemmingen")
    organisatie = models.ForeignKey(
        Organisatie, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="toestemmingen"
    )
    categorieen = Codelijst(keuzes=Gegevenscategorie.choices, verbose_name=_("welke gegevens"))
    wijze = models.CharField(_("hoe gegeven"), max_length=15, choices=ToestemmingWijze.choices)
    gegeven_op = models.DateField(_("gegeven op"))
    geldig_tot = models.DateField(_("geldig tot en met"))
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vastgelegd door"), on_delete=models.PROTECT, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"))
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    ingetrokken_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ToestemmingQuerySet.as_manager()

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-vastgelegd_op", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(geldig_tot__gte=models.F("gegeven_op")), name="toestemming_tot_na_van")
        ]

    def __str__(self):
        return f"Toestemming voor {self.organisatie}"

    def is_geldig(self, op=None) -> bool:
        op = op or timezone.localdate()
        return self.ingetrokken_op is None and self.gegeven_op <= op <= self.geldig_tot

    @property
    def categorie_namen(self) -> list[str]:
        return [str(Gegevenscategorie(c).label) for c in self.categorieen]


class Urgentie(models.TextChoices):
    NORMAAL = "normaal", _("Normaal")
    HOOG = "hoog", _("Met spoed")


class DoorverwijzingStatus(models.TextChoices):
    VERSTUURD = "verstuurd", _("Verstuurd")
    ONTVANGEN = "ontvangen", _("Ontvangen")
    GEACCEPTEERD = "geaccepteerd", _("Geaccepteerd")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    AFGEROND = "afgerond", _("Afgerond")
    TERUGGESTUURD = "teruggestuurd", _("Teruggestuurd")


# The loop: which status may follow which. A step that skips a state is refused.
OVERGANGEN: dict[str, frozenset[str]] = {
    DoorverwijzingStatus.VERSTUURD: frozenset({DoorverwijzingStatus.ONTVANGEN}),
    DoorverwijzingStatus.ONTVANGEN: frozenset({DoorverwijzingStatus.GEACCEPTEERD, DoorverwijzingStatus.AFGEWEZEN}),
    DoorverwijzingStatus.GEACCEPTEERD: frozenset({DoorverwijzingStatus.IN_BEHANDELING}),
    DoorverwijzingStatus.IN_BEHANDELING: frozenset({DoorverwijzingStatus.AFGEROND, DoorverwijzingStatus.TERUGGESTUURD}),
    DoorverwijzingStatus.AFGEWEZEN: frozenset(),
    DoorverwijzingStatus.AFGEROND: frozenset(),
    DoorverwijzingStatus.TERUGGESTUURD: frozenset(),
}
# Until the partner accepts or refuses, the reaction term runs.
WACHT_OP_REACTIE = frozenset({DoorverwijzingStatus.VERSTUURD, DoorverwijzingStatus.ONTVANGEN})


class AfwijsReden(models.TextChoices):
    GEEN_CAPACITEIT = "geen_capaciteit", _("Geen capaciteit")
    NIET_PASSEND = "niet_passend", _("Niet passend")
    BUITEN_WERKGEBIED = "buiten_werkgebied", _("Buiten ons werkgebied")
    ANDERS = "anders", _("Anders")


class Uitkomst(models.TextChoices):
    DOEL_BEREIKT = "doel_bereikt", _("Doel bereikt")
    DEELS_BEREIKT = "deels_bereikt", _("Doel deels bereikt")
    NIET_BEREIKT = "niet_bereikt", _("Doel niet bereikt")
    GESTOPT = "gestopt", _("Inwoner is gestopt")


class DoorverwijzingQuerySet(PersoonsgegevensQuerySet):
    """Gemeente roles reach a referral through its casus (the access policy); a partnermedewerker and a
    partner's API token reach only the referrals addressed to their own organisation or, for a koepel, its
    members."""

    huishouden_pad = "casus__huishouden"

    def voor_organisatie(self, organisatie):
        if organisatie is None:
            return self.none()
        return self.filter(Q(organisatie=organisatie) | Q(organisatie__koepel=organisatie))

    def for_user(self, user):
        from venlo_armoede.accounts.roles import Rol

        if user is not None and user.is_authenticated and user.is_active and user.heeft_rol(Rol.PARTNERMEDEWERKER):
            return self.voor_organisatie(user.organisatie)
        return super().for_user(user)

    def for_token(self, token):
        if token is None or not token.is_geldig():
            return self.none()
        return self.voor_organisatie(token.organisatie)


class Doorverwijzing(models.Model):
    """A warm referral from a casus to a dienst of a partner. `gegevens` is the snapshot of the consented
    categories as they were at sending; `status` mirrors the newest DoorverwijzingStap."""

    casus = models.ForeignKey("cases.Casus", on_delete=models.PROTECT, related_name="doorverwijzingen")
    dienst = models.ForeignKey(Dienst, verbose_name=_("dienst"), on_delete=models.PROTECT, related_name="+")
    # Who must react: the dienst's organisation, or the koepel member it was passed to.
    organisatie = models.ForeignKey(
        Organisatie, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="doorverwijzingen"
    )
    toestemming = models.ForeignKey(Toestemming, on_delete=models.PROTECT, related_name="doorverwijzingen")
    hulpvraag = models.TextField(_("hulpvraag"))
    urgentie = models.CharField(_("urgentie"), max_length=10, choices=Urgentie.choices, default=Urgentie.NORMAAL)
    categorieen = Codelijst(keuzes=Gegevenscategorie.choices, verbose_name=_("gedeelde gegevens"))
    gegevens = models.JSONField(_("gedeelde gegevens bij versturen"), default=dict)
    status = models.CharField(
        _("status"), max_length=20, choices=DoorverwijzingStatus.choices, default=DoorverwijzingStatus.VERSTUURD
    )
    versie = models.PositiveIntegerField(_("versie"), default=1)
    verstuurd_op = models.DateTimeField(_("verstuurd op"))
    verstuurd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reageren_uiterlijk = models.DateField(_("reageren uiterlijk op"))
    termijn_verlopen_gemeld_op = models.DateTimeField(null=True, blank=True, editable=False)
    uitkomst = models.CharField(_("uitkomst"), max_length=20, choices=Uitkomst.choices, blank=True)
    voorgestelde_dienst = models.ForeignKey(
        Dienst, verbose_name=_("andere dienst"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = DoorverwijzingQuerySet.as_manager()

    class Meta:
        verbose_name = _("doorverwijzing")
        verbose_name_plural = _("doorverwijzingen")
        ordering = ["-verstuurd_op", "-pk"]
        indexes = [models.Index(fields=["organisatie", "status"], name="doorverwijzing_org_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DoorverwijzingStatus.values), name="doorverwijzing_status_geldig"
            )
        ]

    def __str__(self):
        return f"Doorverwijzing {self.pk} naar {self.dienst.naam}"

    @property
    def etag(self) -> str:
        return f'"{self.pk}-{self.versie}"'

    def gegevens_zichtbaar(self, op=None) -> bool:
        """The snapshot is shown only while the consent holds; revoked or expired: nothing."""
        return self.toestemming.is_geldig(op)

    @property
    def categorie_namen(self) -> list[str]:
        return [str(Gegevenscategorie(c).label) for c in self.categorieen]

    @property
    def laatste_stap(self):
        """The newest step (uses prefetched steps when present)."""
        stappen = list(self.stappen.all())
        return stappen[-1] if stappen else None

    def termijn_verlopen(self, vandaag=None) -> bool:
        vandaag = vandaag or timezone.localdate()
        return self.status in WACHT_OP_REACTIE and vandaag > self.reageren_uiterlijk


class StapSoort(models.TextChoices):
    """A step of the loop: a new status, or an event that keeps the status (passed on, term passed)."""

    VERSTUURD = "verstuurd", _("Verstuurd")
    ONTVANGEN = "ontvangen", _("Ontvangen")
    GEACCEPTEERD = "geaccepteerd", _("Geaccepteerd")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    AFGEROND = "afgerond", _("Afgerond")
    TERUGGESTUURD = "teruggestuurd", _("Teruggestuurd")
    DOORGEGEVEN = "doorgegeven", _("Doorgegeven aan lidorganisatie")
    TERMIJN_VERLOPEN = "termijn_verlopen", _("Reactietermijn verlopen")


class DoorverwijzingStapQuerySet(AppendOnlyQuerySet, DoorverwijzingQuerySet):
    huishouden_pad = "doorverwijzing__casus__huishouden"

    def voor_organisatie(self, organisatie):
        if organisatie is None:
            return self.none()
        return self.filter(
            Q(doorverwijzing__organisatie=organisatie) | Q(doorverwijzing__organisatie__koepel=organisatie)
        )


class DoorverwijzingStap(AppendOnlyModel):
    """One step of a referral's loop, with who and when. Rows are only ever added."""

    doorverwijzing = models.ForeignKey(Doorverwijzing, on_delete=models.PROTECT, related_name="stappen")
    stap = models.CharField(_("stap"), max_length=20, choices=StapSoort.choices)
    tijdstip = models.DateTimeField(_("tijdstip"))
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    door_naam = models.CharField(_("door"), max_length=150, blank=True)  # a user, an API token or the system
    organisatie = models.ForeignKey(Organisatie, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reden = models.CharField(_("reden"), max_length=20, choices=AfwijsReden.choices, blank=True)
    toelichting = models.TextField(_("toelichting"), blank=True)
    uitkomst = models.CharField(_("uitkomst"), max_length=20, choices=Uitkomst.choices, blank=True)

    objects = DoorverwijzingStapQuerySet.as_manager()

    class Meta:
        verbose_name = _("stap van een doorverwijzing")
        verbose_name_plural = _("stappen van doorverwijzingen")
        ordering = ["tijdstip", "id"]
        triggers = append_only_triggers()
