"""The BSN at rest (ADR 0013): encrypted with Fernet (AES-128-CBC + HMAC, from the `cryptography` package),
found and kept unique through a blind index (HMAC-SHA256 with its own key).

- `VersleuteldBSNField` stores a Fernet token and gives the plain BSN back in Python. Ciphertexts differ
  every time, so the database cannot compare them: `exact` and `in` on this field are answered by the blind
  index column, every other lookup (contains, startswith, ordering by value) is refused.
- `BlindeIndexField` fills itself from the encrypted field on every save (also in bulk_create). A queryset
  `.update(bsn=…)` or `bulk_update` does not run it: change a BSN with `save()`.
- Keys come from settings: BSN_ENCRYPTION_KEYS (the first encrypts, all decrypt, so a key can be rotated:
  `manage.py roteer_bsn_sleutel`) and BSN_BLIND_INDEX_KEY (cannot rotate without rebuilding the index)."""

from __future__ import annotations

import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.expressions import Col
from django.db.models.lookups import Exact, In, IsNull


class OntsleutelFout(ImproperlyConfigured):
    """A stored BSN could not be decrypted with any configured key. The message never holds the value."""


@lru_cache(maxsize=4)
def _fernet(sleutels: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(sleutel) for sleutel in sleutels])


def fernet() -> MultiFernet:
    """The configured keys, the current one first. Cached per key set, so tests may override the settings."""
    return _fernet(tuple(settings.BSN_ENCRYPTION_KEYS))


def versleutel(waarde: str) -> str:
    return fernet().encrypt(waarde.encode()).decode("ascii")


def ontsleutel(token: str) -> str:
    try:
        return fernet().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeError):
        # `from None`: neither the token nor a partial value ends up in a traceback.
        raise OntsleutelFout(
            "Een opgeslagen BSN kan met geen van de sleutels in BSN_ENCRYPTION_KEY ontsleuteld worden."
        ) from None


def blinde_index(waarde: str | None) -> str | None:
    """The keyed hash a BSN is matched on (64 hex characters). None stays None (BSN not known)."""
    if waarde is None or waarde == "":
        return None
    # hmac.digest: the one-shot C implementation, several times faster than hmac.new (the seed hashes ~10^5).
    return hmac.digest(settings.BSN_BLIND_INDEX_KEY.encode(), waarde.encode(), "sha256").hex()


class _ViaBlindeIndex:
    """Compare the blind index column instead of the ciphertext: the lookup's left side becomes the index
    column of the same table (alias), its right side the keyed hash of the BSN(s)."""

    def __init__(self, lhs, rhs):
        if not isinstance(lhs, Col) or not isinstance(lhs.target, VersleuteldBSNField):
            raise TypeError("Zoeken op een versleuteld BSN kan alleen rechtstreeks op het veld.")
        index_veld = lhs.target.model._meta.get_field(lhs.target.index_veld)
        super().__init__(Col(lhs.alias, index_veld), self._hash(rhs))

    @staticmethod
    def _hash(rhs):
        raise NotImplementedError


class BlindeIndexExact(_ViaBlindeIndex, Exact):
    @staticmethod
    def _hash(rhs):
        if rhs is not None and not isinstance(rhs, str):
            raise TypeError("Zoek een versleuteld BSN op met een tekst, niet met een expressie.")
        return blinde_index(rhs)


class BlindeIndexIn(_ViaBlindeIndex, In):
    @staticmethod
    def _hash(rhs):
        if isinstance(rhs, str) or not hasattr(rhs, "__iter__") or hasattr(rhs, "resolve_expression"):
            raise TypeError("Zoek versleutelde BSN's op met een lijst teksten.")
        return [blinde_index(waarde) for waarde in rhs if waarde]


class VersleuteldBSNField(models.TextField):
    """A BSN stored as a Fernet token. `index_veld` names the BlindeIndexField that matches it."""

    def __init__(self, *args, index_veld: str = "bsn_index", **kwargs):
        self.index_veld = index_veld
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        naam, pad, args, kwargs = super().deconstruct()
        kwargs["index_veld"] = self.index_veld
        return naam, pad, args, kwargs

    def from_db_value(self, value, expression, connection):
        return None if value is None else ontsleutel(value)

    def get_db_prep_save(self, value, connection):
        if value is None or value == "":
            return None
        return versleutel(str(value))

    def get_lookup(self, lookup_name):
        # Only what the blind index can answer; anything else would silently compare ciphertexts.
        return {"exact": BlindeIndexExact, "in": BlindeIndexIn, "isnull": IsNull}.get(lookup_name)

    def get_transform(self, lookup_name):
        return None


class BlindeIndexField(models.CharField):
    """HMAC-SHA256 of the field named `bron`, recomputed on every save."""

    def __init__(self, *args, bron: str = "bsn", **kwargs):
        self.bron = bron
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        naam, pad, args, kwargs = super().deconstruct()
        kwargs["bron"] = self.bron
        if kwargs.get("max_length") == 64:
            del kwargs["max_length"]
        kwargs.pop("editable", None)
        return naam, pad, args, kwargs

    def pre_save(self, model_instance, add):
        waarde = blinde_index(getattr(model_instance, self.bron))
        setattr(model_instance, self.attname, waarde)
        return waarde
