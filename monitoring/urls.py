from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.BeleidView.as_view(), name="beleid"),
    path("export/<slug:tabel>.<str:formaat>", views.ExportView.as_view(), name="export"),
    path("rapport/", views.RapportView.as_view(), name="rapport"),
    path("rapport.pdf", views.RapportPdfView.as_view(), name="rapport-pdf"),
    path("berekening/", views.BerekenView.as_view(), name="bereken"),
    path("berekening/<int:pk>/", views.RunView.as_view(), name="run"),
    path("berekening/<int:pk>/status/", views.RunStatusView.as_view(), name="run-status"),
]
