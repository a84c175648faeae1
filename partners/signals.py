"""Receivers of the partners app for signals defined in lower layers."""

from . import selectors


def contact_op_sociale_kaart(sender, *, organisatie_ids, **kwargs) -> dict:
    """The public contact of each organisation's first public dienst (venlo_armoede.sociale_kaart)."""
    contact: dict = {}
    for dienst in selectors.openbare_diensten().filter(organisatie_id__in=organisatie_ids):
        if dienst.organisatie_id in contact:
            continue
        adres = ", ".join(d for d in (dienst.adres, f"{dienst.postcode} {dienst.plaats}".strip()) if d)
        contact[dienst.organisatie_id] = {
            "naam": dienst.naam,
            "telefoon": dienst.telefoon,
            "email": dienst.email,
            "website": dienst.website,
            "adres": adres,
        }
    return contact
