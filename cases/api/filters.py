import django_filters

from ..models import Huishouden
from ..services import normaliseer_postcode


class HuishoudenFilter(django_filters.FilterSet):
    stadsdeel = django_filters.CharFilter(
        field_name="stadsdeel__naam",
        lookup_expr="iexact",
        label="Alleen huishoudens in dit stadsdeel (naam, hoofdletters maken niet uit).",
    )
    postcode = django_filters.CharFilter(
        method="filter_postcode", label="Alleen huishoudens met deze postcode (met of zonder spatie, zoals 5911AB)."
    )

    class Meta:
        model = Huishouden
        fields = ["stadsdeel", "postcode"]

    def filter_postcode(self, queryset, name, value):
        return queryset.filter(postcode=normaliseer_postcode(value))
