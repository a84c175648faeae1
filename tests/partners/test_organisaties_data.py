"""The project's own partner data (partners/data/organisaties.yaml): every kind of partner of the issue, and the
Alliantie as koepel with its member organisations. Signaalpartners are not Venlo data: the demo adds fictitious
ones (demo/vroegsignalen.py)."""

import pytest
import yaml

from regelingen.referentiedata import laad_referentiedata, organisaties_yaml
from venlo_armoede.accounts.models import Organisatie

ALLIANTIE = "Alliantie vrijwillige schuldhulpverlening (Bindkracht Venlo)"
LEDEN = {
    "Jongerenkerk Venlo",
    "Parochiefederatie Blerick",
    "Humanitas Thuisadministratie en Get a Grip",
    "SchuldHulpMaatje Venlo (Vincentius)",
}


def test_elke_soort_partner_staat_erin():
    rijen = yaml.safe_load(organisaties_yaml().read_text())["organisaties"]
    soorten = {r.get("soort") for r in rijen}
    assert {"gemeente", "professioneel", "vrijwilligers", "fonds", "bewindvoerder", "commercieel"} <= soorten


@pytest.mark.django_db
def test_alliantie_is_koepel_van_haar_leden():
    laad_referentiedata()
    alliantie = Organisatie.objects.get(naam=ALLIANTIE)
    assert alliantie.koepel is None
    assert set(alliantie.leden.values_list("naam", flat=True)) == LEDEN
    assert set(alliantie.leden.values_list("soort", flat=True)) == {"vrijwilligers"}
