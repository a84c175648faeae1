"""The API, included at /api/v1/ (major version in the path, as in the ZGW API conventions)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from . import schema  # noqa: F401 - registers the token authentication scheme for the OpenAPI schema
from .docs import SwaggerView

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include("cases.api.urls")),
    path("", include("regelingen.api.urls")),
    path("", include("partners.api.urls")),
    path("", include("monitoring.api.urls")),
]
