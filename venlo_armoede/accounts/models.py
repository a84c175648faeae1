import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from venlo_armoede.append_only import AppendOnlyModel

from .roles import PERSOONSGEGEVENS_SCOPES, STARTPAGINA, OrganisatieSoort, Rol, Scope

__all__ = [
    "PERSOONSGEGEVENS_SCOPES",
    "ApiToken",
    "IdempotentVerzoek",
    "Organisatie",
    "OrganisatieSoort",
    "Scope",
    "Stadsdeel",
    "Team",
    "User",
]


class Organisatie(models.Model):
    """An organisation: the gemeente itself, a partner, or a member of a koepel such as the Alliantie.
    Part of the core because users and API tokens belong to one."""

    naam = models.CharField(_("naam"), max_length=150, unique=True)
    soort = models.CharField(_("soort"), max_length=20, choices=OrganisatieSoort.choices)
    dienstverlening = models.TextField(_("dienstverlening"), blank=True)
    ambitie = models.TextField(_("ambitie"), blank=True)
    doelstellingen = models.JSONField(_("doelstellingen"), default=list, blank=True)
    koepel = models.ForeignKey(
        "self", verbose_name=_("koepel"), null=True, blank=True, on_delete=models.PROTECT, related_name="leden"
    )
    actief = models.BooleanField(_("actief"), default=True)
    # Werkdagen a partner has to react to a doorverwijzing (accept or refuse) before reminders go out.
    reactietermijn_werkdagen = models.PositiveSmallIntegerField(
        _("reactietermijn (werkdagen)"),
        default=3,
        help_text=_("Binnen hoeveel werkdagen reageert deze organisatie op een doorverwijzing?"),
    )

    class Meta:
        db_table = "partners_organisatie"  # created by the partners app before it moved here
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Stadsdeel(models.Model):
    """A district of the municipality: where a household lives and where a team works."""

    naam = models.CharField(_("naam"), max_length=80, unique=True)

    class Meta:
        db_table = "cases_stadsdeel"  # created by the cases app before it moved here
        verbose_name = _("stadsdeel")
        verbose_name_plural = _("stadsdelen")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Team(models.Model):
    """A team of klantadviseurs with the stadsdelen it works in (the casuswerk issue scopes access by it)."""

    naam = models.CharField(_("naam"), max_length=100, unique=True)
    stadsdelen = models.ManyToManyField(Stadsdeel, verbose_name=_("stadsdelen"), blank=True, related_name="teams")
    leden = models.ManyToManyField("User", verbose_name=_("leden"), blank=True, related_name="teams")
    leiders = models.ManyToManyField("User", verbose_name=_("teamleiders"), blank=True, related_name="geleide_teams")

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class User(AbstractUser):
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="medewerkers",
        help_text=_("Verplicht voor partnermedewerkers: zij zien alleen verwijzingen naar deze organisatie."),
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    @cached_property
    def rollen(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

    def heeft_rol(self, *rollen: str) -> bool:
        return bool(self.rollen.intersection(rollen))

    def startpagina(self) -> str | None:
        """URL name of this user's start page: the first of their roles in the order of Rol."""
        for rol in Rol:
            if rol in self.rollen:
                return STARTPAGINA[rol]
        return None


def hash_sleutel(sleutel: str) -> str:
    # Tokens are long random strings, so a fast hash without salt is enough (as for API keys elsewhere).
    return hashlib.sha256(sleutel.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def geldig(self):
        return self.filter(ingetrokken=False, verloopt_op__gt=timezone.now())


class ApiToken(models.Model):
    """A token for one integrating organisation. Only the hash is stored; the key is shown once."""

    naam = models.CharField(_("naam"), max_length=100, help_text=_("Waarvoor wordt dit token gebruikt?"))
    organisatie = models.ForeignKey(
        Organisatie, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="api_tokens"
    )
    prefix = models.CharField(_("begin van de sleutel"), max_length=8, editable=False)
    sleutel_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("rechten"), default=list, help_text=_("Lijst van scopes, zoals huishoudens:lezen."))
    verloopt_op = models.DateTimeField(_("verloopt op"))
    ingetrokken = models.BooleanField(_("ingetrokken"), default=False)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    laatst_gebruikt_op = models.DateTimeField(_("laatst gebruikt op"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")

    def __str__(self):
        return f"{self.organisatie} – {self.naam} ({self.prefix}…)"

    @classmethod
    def maak(
        cls, *, organisatie, naam: str, scopes: list[str], geldig_dagen: int = 365, verloopt_op=None
    ) -> tuple["ApiToken", str]:
        """Create a token and return it with its plain key (the only moment the key is known)."""
        onbekend = set(scopes) - set(Scope.values)
        if onbekend:
            raise ValueError(f"Onbekende scopes: {', '.join(sorted(onbekend))}")
        sleutel = secrets.token_urlsafe(32)
        token = cls.objects.create(
            organisatie=organisatie,
            naam=naam,
            prefix=sleutel[:8],
            sleutel_hash=hash_sleutel(sleutel),
            scopes=sorted(scopes),
            verloopt_op=verloopt_op or timezone.now() + timedelta(days=geldig_dagen),
        )
        return token, sleutel

    def is_geldig(self) -> bool:
        return not self.ingetrokken and self.verloopt_op > timezone.now()


class IdempotentVerzoek(models.Model):
    """The stored answer to a creating POST with an Idempotency-Key, so a retry gets the same answer
    instead of creating the thing twice."""

    sleutel = models.CharField(max_length=255)
    aanvrager = models.CharField(max_length=100, help_text="token:<id> of gebruiker:<id>")
    pad = models.CharField(max_length=255)
    verzoek_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    antwoord = models.JSONField()
    aangemaakt_op = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["aanvrager", "sleutel"], name="idempotentie_sleutel_uniek_per_aanvrager")
        ]


class VerzoekStatus(models.TextChoices):
    OPEN = "open", _("Wacht op beoordeling")
    GOEDGEKEURD = "goedgekeurd", _("Goedgekeurd")
    AFGEWEZEN = "afgewezen", _("Afgewezen")


class Autorisatieverzoek(models.Model):
    """A request to give a user a guarded role, or a token a scope with personal data (vier ogen).
    Functioneel beheer asks; a different person with the role autorisatiebeheerder decides."""

    gebruiker = models.ForeignKey(
        User, verbose_name=_("gebruiker"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rol = models.CharField(_("rol"), max_length=50, blank=True, choices=Rol.choices)
    token = models.ForeignKey(
        ApiToken, verbose_name=_("API-token"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scope = models.CharField(_("recht"), max_length=50, blank=True, choices=Scope.choices)
    reden = models.TextField(_("reden"))
    aangevraagd_door = models.ForeignKey(
        User, verbose_name=_("aangevraagd door"), on_delete=models.PROTECT, related_name="+"
    )
    aangevraagd_op = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=VerzoekStatus.choices, default=VerzoekStatus.OPEN)
    beoordeeld_door = models.ForeignKey(
        User, verbose_name=_("beoordeeld door"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    beoordeeld_op = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    toelichting = models.TextField(_("toelichting bij het besluit"), blank=True)

    class Meta:
        verbose_name = _("autorisatieverzoek")
        verbose_name_plural = _("autorisatieverzoeken")
        ordering = ["-aangevraagd_op", "-id"]
        constraints = [
            models.CheckConstraint(
                name="verzoek_rol_voor_gebruiker_of_recht_voor_token",
                condition=(
                    models.Q(gebruiker__isnull=False, token__isnull=True, scope="") & ~models.Q(rol="")
                    | models.Q(gebruiker__isnull=True, token__isnull=False, rol="") & ~models.Q(scope="")
                ),
            ),
            models.UniqueConstraint(
                fields=["gebruiker", "rol"],
                condition=models.Q(status="open", gebruiker__isnull=False),
                name="een_open_verzoek_per_gebruiker_en_rol",
            ),
            models.UniqueConstraint(
                fields=["token", "scope"],
                condition=models.Q(status="open", token__isnull=False),
                name="een_open_verzoek_per_token_en_recht",
            ),
        ]

    def __str__(self):
        if self.gebruiker_id:
            return f"{self.get_rol_display()} voor {self.gebruiker}"
        return f"{self.scope} voor token {self.token}"


class BeheerActie(models.TextChoices):
    AANGEMAAKT = "aangemaakt", _("Aangemaakt")
    GEWIJZIGD = "gewijzigd", _("Gewijzigd")
    VERWIJDERD = "verwijderd", _("Verwijderd")
    ROLLEN_GEWIJZIGD = "rollen_gewijzigd", _("Rollen gewijzigd")
    RECHTEN_GEWIJZIGD = "rechten_gewijzigd", _("Rechten van een rol gewijzigd")
    TOKEN_INGETROKKEN = "token_ingetrokken", _("Token ingetrokken")
    VERZOEK_INGEDIEND = "verzoek_ingediend", _("Verzoek ingediend")
    VERZOEK_GOEDGEKEURD = "verzoek_goedgekeurd", _("Verzoek goedgekeurd")
    VERZOEK_AFGEWEZEN = "verzoek_afgewezen", _("Verzoek afgewezen")
    GEWEIGERD = "geweigerd", _("Geweigerd")


class Beheerlogboek(AppendOnlyModel):
    """Who changed which account, role or token, with the values before and after. Append-only.

    Separate from the audit app's Logboek Dataverwerkingen: that one records processing of an inwoner's
    personal data (one record per data subject); this one records changes to access (ADR 0009).
    The actor and the object are copied as text, so deleting a user never rewrites the log."""

    tijdstip = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(_("gebruiker-id"), null=True)
    actor_naam = models.CharField(_("door"), max_length=150)
    actor_soort = models.CharField(_("soort"), max_length=20, help_text=_("gebruiker, operator of systeem"))
    actie = models.CharField(_("actie"), max_length=30, choices=BeheerActie.choices)
    object_soort = models.CharField(_("soort object"), max_length=30)
    object_id = models.CharField(_("object-id"), max_length=40, db_index=True)
    object_naam = models.CharField(_("object"), max_length=200)
    voor = models.JSONField(_("voor"), null=True, blank=True)
    na = models.JSONField(_("na"), null=True, blank=True)
    reden = models.TextField(_("reden"), blank=True)
    trace_id = models.CharField(max_length=32, blank=True)

    class Meta:
        verbose_name = _("regel beheerlogboek")
        verbose_name_plural = _("beheerlogboek")
        ordering = ["-tijdstip", "-id"]

    def __str__(self):
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.actor_naam} {self.actie} {self.object_soort} {self.object_naam}"
