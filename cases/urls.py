from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.WerkView.as_view(), name="werk"),
    path("triage/", views.TriageView.as_view(), name="triage"),
    path("maatwerk/", views.MaatwerkView.as_view(), name="maatwerk"),
    path("huishoudens/nieuw/", views.HuishoudenNieuwView.as_view(), name="huishouden-nieuw"),
    path("inwoners/<int:pk>/", views.InwonerDetailView.as_view(), name="inwoner"),
    path("zoeken/", views.ZoekView.as_view(), name="zoeken"),
    path("huishoudens/<int:pk>/", views.HuishoudenDetailView.as_view(), name="huishouden"),
    path("casussen/<int:pk>/", views.CasusDetailView.as_view(), name="casus"),
    path("inwoners/<int:pk>/reden/", views.DoorbraakView.as_view(), name="doorbraak"),
]
