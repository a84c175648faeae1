from django.db import models


class SoortDatabase(models.TextChoices):
    DEMO = "demo", "demodatabase"
    BENCHMARK = "benchmark", "benchmarkdatabase"


class DatabaseMarkering(models.Model):
    """Present only in a database that may be wiped: one filled by seed_demo or a benchmark (ADR 0008).
    A database without this row is treated as holding real data."""

    soort = models.CharField(max_length=20, choices=SoortDatabase.choices)
    gemarkeerd_door = models.CharField(max_length=100, help_text="De opdracht die de markering schreef.")
    gemarkeerd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "databasemarkering"
        verbose_name_plural = "databasemarkeringen"

    def __str__(self):
        return f"{self.get_soort_display()} (door {self.gemarkeerd_door}, {self.gemarkeerd_op:%d-%m-%Y})"
