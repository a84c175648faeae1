from rest_framework.pagination import PageNumberPagination


class Paginering(PageNumberPagination):
    """ZGW-style pages: count, next, previous, results."""

    page_size_query_param = "page_size"
    max_page_size = 500
