"""The sociale kaart in the API, shaped after the Open Referral HSDS `service` object (HSDS 3): English HSDS
field names, plus Venlo's own codes (hulpvragen, doelgroepen, doelstellingen, aanmeldroutes)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from venlo_armoede.doelstellingen import Doelstelling

from ..models import Aanmeldroute, Doelgroep, Hulpvraag


class HsdsOrganisatieSerializer(serializers.Serializer):
    id = serializers.CharField(source="pk", help_text="Id van de organisatie (als tekst, zoals in HSDS).")
    name = serializers.CharField(source="naam", help_text="Naam van de organisatie.")


class HsdsGebiedSerializer(serializers.Serializer):
    id = serializers.CharField(source="pk", help_text="Id van het stadsdeel; bruikbaar in het filter `stadsdeel`.")
    name = serializers.CharField(source="naam", help_text="Naam van het stadsdeel.")


class HsdsTelefoonSerializer(serializers.Serializer):
    number = serializers.CharField(help_text="Telefoonnummer, zoals 14 077.")


class HsdsAdresSerializer(serializers.Serializer):
    address_1 = serializers.CharField(help_text="Straat en huisnummer.")
    postal_code = serializers.CharField(help_text="Postcode.")
    city = serializers.CharField(help_text="Plaats.")
    country = serializers.CharField(help_text="Land (ISO 3166-1 alpha-2): NL.")


class HsdsEenheidSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Wat de organisatie telt, zoals trajecten, gezinnen of plekken.")


class HsdsCapaciteitSerializer(serializers.Serializer):
    available = serializers.IntegerField(help_text="Aantal eenheden dat nu vrij is. 0: de dienst is vol.")
    maximum = serializers.IntegerField(allow_null=True, help_text="Aantal eenheden in totaal; null als onbekend.")
    unit = HsdsEenheidSerializer(help_text="De eenheid waarin de capaciteit is uitgedrukt.")
    updated = serializers.DateTimeField(
        allow_null=True, help_text="Wanneer de organisatie dit voor het laatst bijwerkte."
    )


class DienstSerializer(serializers.Serializer):
    """Een dienst op de sociale kaart (HSDS `service`)."""

    id = serializers.CharField(source="pk", help_text="Id van de dienst (als tekst, zoals in HSDS).")
    name = serializers.CharField(source="naam", help_text="Naam van de dienst.")
    description = serializers.CharField(source="omschrijving", help_text="Wat de dienst doet, in eenvoudige taal (B1).")
    organization = HsdsOrganisatieSerializer(source="organisatie", help_text="De organisatie die de dienst levert.")
    url = serializers.CharField(source="website", help_text="Website; lege tekst als die er niet is.")
    email = serializers.CharField(help_text="E-mailadres; lege tekst als dat er niet is.")
    status = serializers.SerializerMethodField(help_text="Altijd `active`: alleen actieve diensten staan in de lijst.")
    eligibility_description = serializers.CharField(
        source="voorwaarden", help_text="De voorwaarden: wie er gebruik van kan maken."
    )
    application_process = serializers.CharField(source="aanmelden_uitleg", help_text="Hoe u zich aanmeldt, in woorden.")
    service_areas = serializers.SerializerMethodField(
        help_text="De stadsdelen waar de dienst werkt. Werkt de dienst in heel Venlo, dan staan alle stadsdelen erin."
    )
    phones = serializers.SerializerMethodField(help_text="Telefoonnummers; leeg als er geen bekend is.")
    addresses = serializers.SerializerMethodField(help_text="Het bezoekadres; leeg als er geen bekend is.")
    service_capacity = serializers.SerializerMethodField(
        help_text="De capaciteit (HSDS `service_capacity`). Leeg als de organisatie die niet bijhoudt."
    )
    hulpvragen = serializers.ListField(
        child=serializers.ChoiceField(choices=Hulpvraag.choices), help_text="Bij welke vragen de dienst helpt."
    )
    doelgroepen = serializers.ListField(
        child=serializers.ChoiceField(choices=Doelgroep.choices), help_text="Voor wie de dienst is; leeg: iedereen."
    )
    doelstellingen = serializers.ListField(
        child=serializers.ChoiceField(choices=Doelstelling.choices),
        help_text="Aan welke beleidsdoelstellingen van Venlo de dienst bijdraagt.",
    )
    aanmeldroutes = serializers.ListField(
        child=serializers.ChoiceField(choices=Aanmeldroute.choices),
        help_text="Hoe een inwoner bij de dienst komt: zelf, via_gemeente of via_intermediair.",
    )

    @extend_schema_field(serializers.ChoiceField(choices=["active"]))
    def get_status(self, dienst) -> str:
        return "active"

    @extend_schema_field(HsdsGebiedSerializer(many=True))
    def get_service_areas(self, dienst):
        gebieden = list(dienst.werkgebied.all()) or self.context["alle_stadsdelen"]
        return HsdsGebiedSerializer(gebieden, many=True).data

    @extend_schema_field(HsdsTelefoonSerializer(many=True))
    def get_phones(self, dienst):
        return [{"number": dienst.telefoon}] if dienst.telefoon else []

    @extend_schema_field(HsdsAdresSerializer(many=True))
    def get_addresses(self, dienst):
        if not dienst.adres:
            return []
        return [{"address_1": dienst.adres, "postal_code": dienst.postcode, "city": dienst.plaats, "country": "NL"}]

    @extend_schema_field(HsdsCapaciteitSerializer(many=True))
    def get_service_capacity(self, dienst):
        if dienst.capaciteit_beschikbaar is None:
            return []
        capaciteit = {
            "available": dienst.capaciteit_beschikbaar,
            "maximum": dienst.capaciteit_maximum,
            "unit": {"name": dienst.capaciteit_eenheid},
            "updated": dienst.capaciteit_bijgewerkt_op,
        }
        return [HsdsCapaciteitSerializer(capaciteit).data]


class DoorverwijzingStapSerializer(serializers.Serializer):
    stap = serializers.CharField()
    tijdstip = serializers.DateTimeField()
    door = serializers.CharField(source="door_naam")
    reden = serializers.CharField()
    toelichting = serializers.CharField()
    uitkomst = serializers.CharField()


class DoorverwijzingSerializer(serializers.Serializer):
    """What a partner system sees: the consented data as at sending (null once the consent was revoked or
    ended), never a BSN."""

    id = serializers.IntegerField()
    dienst = serializers.SerializerMethodField()
    organisatie = serializers.SerializerMethodField()
    status = serializers.CharField()
    urgentie = serializers.CharField()
    verstuurd_op = serializers.DateTimeField()
    reageren_uiterlijk = serializers.DateField()
    versie = serializers.IntegerField()
    toestemming = serializers.SerializerMethodField()
    categorieen = serializers.ListField(child=serializers.CharField())
    gegevens = serializers.SerializerMethodField()
    uitkomst = serializers.CharField()
    stappen = DoorverwijzingStapSerializer(many=True, source="stappen.all")

    def get_dienst(self, obj) -> dict:
        return {"id": str(obj.dienst_id), "naam": obj.dienst.naam}

    def get_organisatie(self, obj) -> dict:
        return {"id": str(obj.organisatie_id), "naam": obj.organisatie.naam}

    def get_toestemming(self, obj) -> str:
        if obj.toestemming.ingetrokken_op:
            return "ingetrokken"
        return "geldig" if obj.gegevens_zichtbaar() else "verlopen"

    def get_gegevens(self, obj) -> dict | None:
        return obj.gegevens if obj.gegevens_zichtbaar() else None


class StapInvoerSerializer(serializers.Serializer):
    stap = serializers.ChoiceField(
        choices=["ontvangen", "geaccepteerd", "afgewezen", "in_behandeling", "afgerond", "teruggestuurd"],
        error_messages={"invalid_choice": "Kies een geldige stap.", "required": "Geef de stap op."},
    )
    reden = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    toelichting = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    uitkomst = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
