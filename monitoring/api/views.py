"""GET /api/v1/kpis/: the KPI catalogue and the pre-computed values per period, stadsdeel and doelgroep, with
the same suppression as /beleid/ (aggregates only, never a person)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from venlo_armoede.accounts.roles import Rol, Scope
from venlo_armoede.api.problems import PROBLEM_MEDIA_TYPE
from venlo_armoede.api.schema import ValidatieFoutSerializer
from venlo_armoede.doelgroepen import DOELGROEPEN

from .. import selectors
from ..forms import KpiFilter
from .serializers import KpiAntwoordSerializer


@extend_schema(
    tags=["kpi"],
    summary="KPI's per doelstelling",
    description=(
        "De KPI-catalogus (naam, uitleg, doelstelling, formule, eenheid, richting, bron) en de berekende waarden "
        "per maand, voor heel Venlo of één stadsdeel en alle doelgroepen of één. Kleine aantallen zijn afgeschermd "
        "zoals op de beleidspagina. Recht: `kpi:lezen` (de oude naam `kpis:lezen` werkt ook)."
    ),
    parameters=[
        OpenApiParameter(
            "van", OpenApiTypes.STR, description="Eerste maand, JJJJ-MM. Standaard: 11 maanden voor `tot`."
        ),
        OpenApiParameter("tot", OpenApiTypes.STR, description="Laatste maand, JJJJ-MM. Standaard: deze maand."),
        OpenApiParameter("stadsdeel", OpenApiTypes.INT, description="Id van een stadsdeel. Standaard: heel Venlo."),
        OpenApiParameter(
            "doelgroep",
            OpenApiTypes.STR,
            enum=[d.code for d in DOELGROEPEN],
            description="Een doelgroep. Standaard: alle doelgroepen. De doelgroepen overlappen: een huishouden telt "
            "mee in elke groep waar het bij hoort. " + "; ".join(f"`{d.code}`: {d.naam}" for d in DOELGROEPEN) + ".",
        ),
    ],
    responses={
        200: KpiAntwoordSerializer,
        (400, PROBLEM_MEDIA_TYPE): OpenApiResponse(
            ValidatieFoutSerializer,
            description="Onbekend stadsdeel of onbekende doelgroep, een maand in de toekomst, een omgekeerde of te "
            "lange periode; zie invalid_params.",
        ),
    },
)
class KpisView(APIView):
    scopes = {"GET": Scope.KPI_LEZEN}
    rollen = {"GET": (Rol.BELEIDSADVISEUR,)}

    def get(self, request):
        # The page's form reads an empty choice as heel Venlo / alle doelgroepen; the API documents an id and a
        # code, so an empty one is a mistake, not a silent "all".
        leeg = {
            "stadsdeel": "Vul het nummer van een stadsdeel in, of laat stadsdeel weg voor heel Venlo.",
            "doelgroep": "Kies een doelgroep uit de lijst, of laat doelgroep weg voor alle doelgroepen.",
        }
        fouten = {veld: [tekst] for veld, tekst in leeg.items() if request.query_params.get(veld, "x").strip() == ""}
        if fouten:
            raise exceptions.ValidationError(fouten)
        form = KpiFilter(request.query_params)
        if not form.is_valid():
            raise exceptions.ValidationError({veld: [str(f) for f in fouten] for veld, fouten in form.errors.items()})
        d = form.cleaned_data
        filters = {
            "van": d["van"],
            "tot": d["tot"],
            "stadsdeel": d.get("stadsdeel"),
            "doelgroep": d.get("doelgroep") or None,
        }
        catalogus = [
            {
                "code": kpi.code,
                "naam": kpi.naam,
                "uitleg": kpi.uitleg,
                "doelstelling": kpi.doelstelling.value,
                "formule": kpi.formule,
                "eenheid": kpi.eenheid.value,
                "hoger_is_beter": kpi.hoger_is_beter,
                "bron": kpi.bron.value,
                "heeft_gegevens": kpi.heeft_gegevens,
                "per_categorie": kpi.per_categorie,
            }
            for kpi in selectors.catalogus()
        ]
        antwoord = {
            "van": f"{d['van']:%Y-%m}",
            "tot": f"{d['tot']:%Y-%m}",
            "stadsdeel": filters["stadsdeel"],
            "doelgroep": filters["doelgroep"],
            "catalogus": catalogus,
            "waarden": selectors.waarden_voor_api(**filters),
        }
        return Response(KpiAntwoordSerializer(antwoord).data)
