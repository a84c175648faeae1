from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.pagination import PageNumberPagination


class Paginering(PageNumberPagination):
    """ZGW-style pages: count, next, previous, results.

    `page` and `page_size` are strict: anything but a whole number in range is a 400 naming the parameter
    (DRF would answer 404 for page=0 and silently fall back to the default size for page_size=0). A page
    number past the last page stays a 404, as documented on every list operation."""

    page_size_query_param = "page_size"
    max_page_size = 500
    last_page_strings = ()  # no undocumented page=last
    page_query_description = "Paginanummer (begint bij 1)."
    page_size_query_description = "Aantal resultaten per pagina (hoogstens 500)."
    invalid_page_message = "Deze pagina bestaat niet."

    def get_page_number(self, request, paginator):
        return self._geheel_getal(request, self.page_query_param, "Geef een paginanummer vanaf 1.") or 1

    def get_page_size(self, request):
        melding = f"Geef een aantal per pagina van 1 tot en met {self.max_page_size}."
        return self._geheel_getal(request, self.page_size_query_param, melding, self.max_page_size) or self.page_size

    @staticmethod
    def _geheel_getal(request, naam: str, melding: str, hoogstens: int | None = None) -> int | None:
        if naam not in request.query_params:
            return None
        waarde = request.query_params[naam]
        if not (waarde.isascii() and waarde.isdigit()) or not 1 <= int(waarde) <= (hoogstens or 2**31 - 1):
            raise ValidationError({naam: [ErrorDetail(melding, code="invalid")]})
        return int(waarde)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            parameter["schema"]["maximum"] = 2**31 - 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters

    def get_paginated_response_schema(self, schema):
        antwoord = super().get_paginated_response_schema(schema)
        eigenschappen = antwoord["properties"]
        eigenschappen["count"]["description"] = "Totaal aantal resultaten over alle pagina's."
        eigenschappen["next"]["description"] = "Adres van de volgende pagina, of null op de laatste pagina."
        eigenschappen["next"]["example"] = "https://example.org/api/v1/huishoudens/?page=4"
        eigenschappen["previous"]["description"] = "Adres van de vorige pagina, of null op de eerste pagina."
        eigenschappen["previous"]["example"] = "https://example.org/api/v1/huishoudens/?page=2"
        if isinstance(eigenschappen["results"], dict):  # drf-spectacular passes a sentinel to page an example
            eigenschappen["results"]["description"] = "De resultaten op deze pagina."
        return antwoord
