"""Serializers of the huishoudens API.

Input serializers check types and formats only (dates, amounts, lengths, choices), with Dutch messages.
The domain rules (elfproef, no future birth dates, one aanvrager, at most one partner, no negative
amounts, known BSN) live in cases.services.valideer_huishouden: one place for the web form and the API."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from venlo_armoede.accounts.authentication import actor_van
from venlo_armoede.accounts.models import Stadsdeel

from ..bsn import maskeer_bsn
from ..models import Gezinsrol, Huishouden, InkomensBron, InkomenSoort, Inwoner
from ..services import NieuwInkomen, NieuwLid, registreer_huishouden

DATUM_FOUTEN = {
    "invalid": "Vul een geldige datum in als JJJJ-MM-DD, bijvoorbeeld 2024-03-01.",
    "datetime": "Vul alleen een datum in (JJJJ-MM-DD), geen tijdstip.",
}
BEDRAG_FOUTEN = {
    "invalid": "Vul een bedrag in euro's in, met een punt voor de centen, bijvoorbeeld 1234.56.",
    "max_digits": "Dit bedrag is te groot.",
    "max_decimal_places": "Vul hoogstens 2 cijfers achter de punt in.",
    "max_whole_digits": "Dit bedrag is te groot.",
    "max_string_length": "Dit bedrag is te groot.",
}
TEKST_FOUTEN = {
    "invalid": "Vul tekst in.",
    "max_length": "Vul hoogstens {max_length} tekens in.",
}


def _keuze_fouten(soort: str, keuzes) -> dict:
    return {"invalid_choice": f"'{{input}}' is geen geldige {soort}. Kies uit: {', '.join(keuzes)}."}


# --- Output ---------------------------------------------------------------------------------------


class InkomenSerializer(serializers.ModelSerializer):
    """Een inkomensbron van een inwoner."""

    class Meta:
        model = InkomensBron
        fields = ["soort", "netto_maandbedrag", "geldig_van", "geldig_tot"]


class InwonerSerializer(serializers.ModelSerializer):
    """Een lid van het huishouden, met volledig BSN."""

    inkomens = InkomenSerializer(many=True, read_only=True)

    class Meta:
        model = Inwoner
        fields = ["id", "voornaam", "tussenvoegsel", "achternaam", "geboortedatum", "bsn", "rol", "inkomens"]
        extra_kwargs = {
            # max_length: the model field now holds the encrypted token; the BSN itself has 9 digits.
            "bsn": {"help_text": "Burgerservicenummer (9 cijfers), of null als het niet bekend is.", "max_length": 9}
        }


class InwonerLijstSerializer(InwonerSerializer):
    """Een lid van het huishouden in een lijst: het BSN is gemaskeerd (alleen de laatste drie cijfers)."""

    bsn = serializers.SerializerMethodField(
        help_text="Gemaskeerd BSN: alleen de laatste drie cijfers, zoals ******123."
    )

    @extend_schema_field(serializers.CharField())
    def get_bsn(self, inwoner) -> str:
        return maskeer_bsn(inwoner.bsn)


class HuishoudenSerializer(serializers.HyperlinkedModelSerializer):
    """Een huishouden met zijn leden en hun inkomens."""

    url = serializers.HyperlinkedIdentityField(view_name="api:huishouden-detail")
    stadsdeel = serializers.SlugRelatedField(slug_field="naam", read_only=True, help_text="Naam van het stadsdeel.")
    leden = InwonerSerializer(many=True, read_only=True)
    # Declared, not derived from the model: the derived bounds depend on the database backend, and the
    # committed schema must be the same on SQLite and PostgreSQL.
    huisnummer = serializers.IntegerField(read_only=True)

    class Meta:
        model = Huishouden
        fields = [
            "url",
            "id",
            "straat",
            "huisnummer",
            "huisnummer_toevoeging",
            "postcode",
            "woonplaats",
            "stadsdeel",
            "vermogen",
            "laag_inkomen_sinds",
            "geen_contact",
            "aangemaakt_op",
            "gewijzigd_op",
            "leden",
        ]


class HuishoudenLijstSerializer(HuishoudenSerializer):
    """Een huishouden in een lijst: de BSN's van de leden zijn gemaskeerd."""

    leden = InwonerLijstSerializer(many=True, read_only=True)

    class Meta(HuishoudenSerializer.Meta):
        pass


# --- Input ----------------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.STR)
class StadsdeelNaamField(serializers.RelatedField):
    """A stadsdeel by its name (case-insensitive), e.g. "Blerick"."""

    default_error_messages = {
        "does_not_exist": "Onbekend stadsdeel '{value}'.",
        "invalid": "Vul de naam van een stadsdeel in.",
    }

    def to_internal_value(self, data):
        if not isinstance(data, str) or not data.strip():
            self.fail("invalid")
        try:
            return self.get_queryset().get(naam__iexact=data.strip())
        except Stadsdeel.DoesNotExist:
            self.fail("does_not_exist", value=data)

    def to_representation(self, value):
        return value.naam


class InkomenInvoerSerializer(serializers.Serializer):
    """Een inkomensbron van een nieuw lid."""

    soort = serializers.ChoiceField(
        choices=InkomenSoort.choices,
        error_messages=_keuze_fouten("soort inkomen", InkomenSoort.values),
        help_text="Soort inkomen.",
    )
    netto_maandbedrag = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        error_messages=BEDRAG_FOUTEN,
        help_text='Netto bedrag per maand in euro\'s, zoals "1234.56". Niet negatief.',
    )
    geldig_van = serializers.DateField(error_messages=DATUM_FOUTEN, help_text="Eerste dag van dit inkomen.")
    geldig_tot = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        error_messages=DATUM_FOUTEN,
        help_text="Laatste dag van dit inkomen; leeg of null als het doorloopt.",
    )


class LidInvoerSerializer(serializers.Serializer):
    """Een lid van een nieuw huishouden."""

    voornaam = serializers.CharField(max_length=80, error_messages=TEKST_FOUTEN)
    tussenvoegsel = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default="", error_messages=TEKST_FOUTEN
    )
    achternaam = serializers.CharField(max_length=120, error_messages=TEKST_FOUTEN)
    geboortedatum = serializers.DateField(error_messages=DATUM_FOUTEN, help_text="Niet in de toekomst.")
    bsn = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        default=None,
        max_length=20,
        error_messages=TEKST_FOUTEN,
        help_text="Burgerservicenummer: 9 cijfers die de elfproef doorstaan. Weglaten of null als het niet bekend is.",
    )
    rol = serializers.ChoiceField(
        choices=Gezinsrol.choices,
        error_messages=_keuze_fouten("rol", Gezinsrol.values),
        help_text="Rol in het huishouden. Precies één lid is aanvrager, hoogstens één is partner.",
    )
    inkomens = InkomenInvoerSerializer(many=True, required=False, default=list)


class HuishoudenInvoerSerializer(serializers.Serializer):
    """Een nieuw huishouden met zijn leden en hun inkomens, in één keer geregistreerd (alles of niets)."""

    straat = serializers.CharField(max_length=120, error_messages=TEKST_FOUTEN)
    huisnummer = serializers.IntegerField(
        min_value=1,
        max_value=2_147_483_647,
        error_messages={
            "invalid": "Vul een huisnummer in (een geheel getal).",
            "min_value": "Vul een huisnummer vanaf 1 in.",
        },
    )
    huisnummer_toevoeging = serializers.CharField(
        max_length=10, required=False, allow_blank=True, default="", error_messages=TEKST_FOUTEN
    )
    postcode = serializers.CharField(max_length=7, error_messages=TEKST_FOUTEN, help_text="Zoals 5911 AB of 5911AB.")
    woonplaats = serializers.CharField(
        max_length=80, required=False, allow_blank=True, default="Venlo", error_messages=TEKST_FOUTEN
    )
    stadsdeel = StadsdeelNaamField(
        queryset=Stadsdeel.objects.all(),
        help_text="Naam van het stadsdeel, zoals 'Blerick' (hoofdletters maken niet uit).",
    )
    vermogen = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        required=False,
        allow_null=True,
        default=None,
        error_messages=BEDRAG_FOUTEN,
        help_text="Vermogen in euro's; null of weglaten als het niet bekend is. Niet negatief.",
    )
    laag_inkomen_sinds = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        error_messages=DATUM_FOUTEN,
        help_text="Sinds wanneer het inkomen laag is, als bekend. Niet in de toekomst.",
    )
    leden = LidInvoerSerializer(many=True, help_text="De leden van het huishouden, met precies één aanvrager.")

    def create(self, validated_data):
        request = self.context["request"]
        return registreer_huishouden(door=actor_van(request), request=request, **self.als_service_argumenten())

    def to_representation(self, instance):
        """The answer to a POST is the new household as on the detail."""
        return HuishoudenSerializer(instance, context=self.context).data

    def als_service_argumenten(self) -> dict:
        """The validated data as keyword arguments for cases.services.registreer_huishouden."""
        data = dict(self.validated_data)
        data["leden"] = [
            NieuwLid(
                voornaam=lid["voornaam"],
                tussenvoegsel=lid["tussenvoegsel"],
                achternaam=lid["achternaam"],
                geboortedatum=lid["geboortedatum"],
                bsn=lid["bsn"] or None,
                rol=lid["rol"],
                inkomens=[NieuwInkomen(**inkomen) for inkomen in lid["inkomens"]],
            )
            for lid in data["leden"]
        ]
        return data
