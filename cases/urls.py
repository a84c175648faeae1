from django.urls import path

from . import views, views_kenmerken, views_maatwerk

app_name = "cases"
urlpatterns = [
    path("", views.WerkView.as_view(), name="werk"),
    path("triage/", views.TriageView.as_view(), name="triage"),
    path("maatwerk/", views_maatwerk.MaatwerkLijstView.as_view(), name="maatwerk"),
    path("maatwerk/<int:pk>/besluit/", views_maatwerk.MaatwerkBesluitView.as_view(), name="maatwerk-besluit"),
    path("casussen/<int:pk>/maatwerk/", views_maatwerk.MaatwerkNieuwView.as_view(), name="maatwerk-nieuw"),
    path("casussen/<int:pk>/nazorg/", views_maatwerk.NazorgView.as_view(), name="nazorg"),
    path("huishoudens/nieuw/", views.HuishoudenNieuwView.as_view(), name="huishouden-nieuw"),
    path("casussen/<int:pk>/", views.CasusView.as_view(), name="casus"),
    path("inwoners/<int:pk>/", views.InwonerDetailView.as_view(), name="inwoner"),
    path("zoeken/", views.ZoekView.as_view(), name="zoeken"),
    path("huishoudens/<int:pk>/", views.HuishoudenDetailView.as_view(), name="huishouden"),
    path("inwoners/<int:pk>/kenmerken/", views_kenmerken.KenmerkenView.as_view(), name="inwoner-kenmerken"),
    path(
        "huishoudens/<int:pk>/kenmerken/",
        views_kenmerken.HuishoudenKenmerkenView.as_view(),
        name="huishouden-kenmerken",
    ),
    path("inwoners/<int:pk>/reden/", views.DoorbraakView.as_view(), name="doorbraak"),
]
