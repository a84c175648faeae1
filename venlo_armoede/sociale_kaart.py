"""A meeting point in the core for the contact details of organisations on the sociale kaart.

regelingen and partners are siblings and never import each other (ADR 0010). The public "check je recht"
page (regelingen) asks for contact details with this signal; partners answers from its sociale kaart. Without a
receiver the page simply shows no contact details (see ADR 0018)."""

from django.dispatch import Signal

# .send(sender=..., organisatie_ids=[...]); each receiver returns {organisatie_id: Contact}.
contact_gevraagd = Signal()


def contact_van(*, organisatie_ids, sender=None) -> dict:
    """{organisatie_id: {"naam", "telefoon", "email", "website", "adres"}} from every receiver (first wins)."""
    gevonden: dict = {}
    for _ontvanger, antwoord in contact_gevraagd.send(sender=sender, organisatie_ids=list(organisatie_ids)):
        for org_id, contact in (antwoord or {}).items():
            gevonden.setdefault(org_id, contact)
    return gevonden
