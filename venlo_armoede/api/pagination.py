from rest_framework.pagination import PageNumberPagination


class Paginering(PageNumberPagination):
    """ZGW-style pages: count, next, previous, results."""

    page_size_query_param = "page_size"
    max_page_size = 500
    page_query_description = "Paginanummer (begint bij 1)."
    page_size_query_description = "Aantal resultaten per pagina (hoogstens 500)."
    invalid_page_message = "Deze pagina bestaat niet."

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
