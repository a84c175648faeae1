"""The API's rate limits come from one place: REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] in the settings."""

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

THROTTLES = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]


@pytest.mark.parametrize("pad", THROTTLES)
def test_tarief_komt_uit_de_instellingen(pad):
    klasse = import_string(pad)
    assert klasse().rate == settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][klasse.scope]


@pytest.mark.parametrize("pad", THROTTLES)
def test_zonder_tarief_in_de_instellingen_is_het_een_configuratiefout(pad, monkeypatch):
    # No hidden fallback in the code: a rate missing from the settings fails loudly.
    klasse = import_string(pad)
    monkeypatch.setattr(klasse, "THROTTLE_RATES", {})
    with pytest.raises(ImproperlyConfigured):
        klasse()
