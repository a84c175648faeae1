from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Synthetic demo population, demo users and the benchmarks. The top layer: it may use every app's
    models to seed in bulk; no product app imports it."""

    name = "demo"
    verbose_name = "Demodata en benchmarks"
