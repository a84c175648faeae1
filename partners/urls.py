from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("partner/", views.PortaalView.as_view(), name="portaal"),
    path("partner/doorverwijzingen/<int:pk>/", views.PartnerDoorverwijzingView.as_view(), name="doorverwijzing"),
    path("partner/diensten/<int:pk>/capaciteit/", views.CapaciteitView.as_view(), name="capaciteit"),
    path("werk/casussen/<int:pk>/toestemming/", views.ToestemmingView.as_view(), name="toestemming-nieuw"),
    path(
        "werk/casussen/<int:pk>/toestemming/<int:toestemming>/intrekken/",
        views.ToestemmingIntrekkenView.as_view(),
        name="toestemming-intrekken",
    ),
    path("werk/casussen/<int:pk>/doorverwijzen/", views.DoorverwijzenView.as_view(), name="doorverwijzen"),
]
