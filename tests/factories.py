"""factory_boy factories for the project's models. Defaults make a valid row with as little as possible;
override what a test is about. BSNs are synthetic, unique and pass the elfproef.

    huishouden = HuishoudenFactory()
    aanvrager = InwonerFactory(huishouden=huishouden, geboortedatum=date(1980, 5, 1))
    InkomensBronFactory(inwoner=aanvrager, netto_maandbedrag=Decimal("1200.00"))
    gebruiker = UserFactory(rollen=["klantadviseur"])
"""

from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from cases.models import Casus, CasusStatus, Gezinsrol, Huishouden, InkomensBron, Inwoner, Schuld
from cases.workflow import CasusStatusWaarde
from demo.populatie import synthetisch_bsn
from regelingen.models import (
    AowLeeftijd,
    Kostendelersnorm,
    Leeftijdscategorie,
    Norm,
    NormHuishoudtype,
    Regeling,
    RegelingVersie,
    Vermogensgrens,
)
from venlo_armoede.accounts.models import Organisatie, OrganisatieSoort, Stadsdeel
from venlo_armoede.doelstellingen import Doelstelling

# Another range than the demo data (demo.populatie.DEMO_BSN_BASIS), so factories and a seeded population never clash.
FACTORY_BSN_BASIS = 80_000_000
TEST_WACHTWOORD = "Test-wachtwoord-1"


@lru_cache(maxsize=1)
def _wachtwoord_hash() -> str:
    # Hash once per test run (and with whatever hasher the test settings use); hashing is slow on purpose.
    return make_password(TEST_WACHTWOORD)


class StadsdeelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stadsdeel
        django_get_or_create = ("naam",)

    naam = factory.Sequence(lambda n: f"Stadsdeel {n}")


class HuishoudenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Huishouden

    straat = "Kerkstraat"
    huisnummer = factory.Sequence(lambda n: n + 1)
    postcode = "5911 AB"
    woonplaats = "Venlo"
    stadsdeel = factory.SubFactory(StadsdeelFactory, naam="Venlo")
    vermogen = Decimal("1000.00")


class InwonerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inwoner

    huishouden = factory.SubFactory(HuishoudenFactory)
    voornaam = factory.Iterator(["Anna", "Jan", "Lotte", "Thijs", "Maria", "Sjaak"])
    achternaam = factory.Iterator(["Janssen", "Peeters", "Hendrikx", "Verheijen"])
    geboortedatum = date(1985, 6, 15)
    bsn = factory.Sequence(lambda n: synthetisch_bsn(n, basis=FACTORY_BSN_BASIS))
    rol = Gezinsrol.AANVRAGER


class InkomensBronFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InkomensBron

    inwoner = factory.SubFactory(InwonerFactory)
    soort = "loon"
    netto_maandbedrag = Decimal("1500.00")
    geldig_van = date(2024, 1, 1)
    geldig_tot = None


class SchuldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schuld

    huishouden = factory.SubFactory(HuishoudenFactory)
    schuldeiser = "Energieleverancier"
    soort = "nuts"
    bedrag = Decimal("750.00")
    geregistreerd_op = date(2026, 1, 15)


class OrganisatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisatie
        django_get_or_create = ("naam",)

    naam = factory.Sequence(lambda n: f"Organisatie {n}")
    soort = OrganisatieSoort.PROFESSIONEEL
    doelstellingen = factory.LazyFunction(lambda: [Doelstelling.ONDERSTEUNING.value])


class UserFactory(factory.django.DjangoModelFactory):
    """`UserFactory(rollen=["klantadviseur"])` adds the role groups. The password is TEST_WACHTWOORD."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@test.invalid")
    password = factory.LazyFunction(_wachtwoord_hash)
    is_active = True

    @factory.post_generation
    def rollen(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        rollen = [extracted] if isinstance(extracted, str) else list(extracted)
        self.groups.add(*(Group.objects.get_or_create(name=str(rol))[0] for rol in rollen))
        self.__dict__.pop("rollen", None)  # User.rollen is a cached_property


class CasusFactory(factory.django.DjangoModelFactory):
    """A casus in aanmelding with its first status row (as cases.services.open_casus makes it)."""

    class Meta:
        model = Casus
        skip_postgeneration_save = True

    huishouden = factory.SubFactory(HuishoudenFactory)
    hulpvraag = "Betalingsachterstand huur."
    crisis = False
    aangemeld_op = factory.LazyFunction(lambda: datetime(2026, 2, 2, 9, 30, tzinfo=ZoneInfo("Europe/Amsterdam")))

    @factory.post_generation
    def eerste_status(self, create, extracted, **kwargs):
        if create:
            CasusStatus.objects.create(casus=self, status=self.status, tijdstip=self.aangemeld_op, door=extracted)


class CasusStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CasusStatus

    casus = factory.SubFactory(CasusFactory)
    status = CasusStatusWaarde.INTAKE
    tijdstip = factory.LazyFunction(lambda: datetime(2026, 2, 9, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam")))


class RegelingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Regeling
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"regeling-{n}")
    naam = factory.LazyAttribute(lambda r: f"Regeling {r.code}")
    doelstelling = Doelstelling.PREVENTIE


class RegelingVersieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegelingVersie

    regeling = factory.SubFactory(RegelingFactory)
    geldig_van = date(2024, 1, 1)
    geldig_tot = None
    inkomensgrens_pct = Decimal("120")


class NormFactory(factory.django.DjangoModelFactory):
    """Defaults to the 2026 norm for an alleenstaande of 21 to AOW; one row per (date, category, type)."""

    class Meta:
        model = Norm
        django_get_or_create = ("geldig_van", "leeftijdscategorie", "huishoudtype")

    geldig_van = date(2026, 1, 1)
    leeftijdscategorie = Leeftijdscategorie.VANAF_21
    huishoudtype = NormHuishoudtype.ALLEENSTAANDE
    bedrag_incl_vt = Decimal("1401.50")


class AowLeeftijdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AowLeeftijd
        django_get_or_create = ("vanaf_jaar",)

    vanaf_jaar = 2024
    jaren = 67
    maanden = 0


class KostendelersnormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kostendelersnorm
        django_get_or_create = ("geldig_van",)

    geldig_van = date(2015, 1, 1)


class VermogensgrensFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vermogensgrens
        django_get_or_create = ("jaar",)

    jaar = 2026
    alleenstaande = Decimal("8000.00")
    gezin = Decimal("16000.00")
    eigen_woning = Decimal("67500.00")
    bevestigd = False
