from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.AutorisatiesView.as_view(), name="autorisaties"),
    path("<int:pk>/beoordeel/", views.AutorisatiesView.as_view(), name="beoordeel"),
]
