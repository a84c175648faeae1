"""Events the cases app sends, so higher layers can react without cases importing them.

`huishouden_gewijzigd` is sent inside the transaction that changed a household, its members or incomes,
with `huishouden_ids`. Receivers that start background work defer it with `transaction.on_commit`
(regelingen subscribes in its AppConfig.ready to recompute the household's rights)."""

from django.dispatch import Signal

huishouden_gewijzigd = Signal()
