"""Events the cases app sends, so higher layers can react without cases importing them.

`huishouden_gewijzigd` is sent inside the transaction that changed a household, its members or incomes,
with `huishouden_ids`. Receivers that start background work defer it with `transaction.on_commit`
(regelingen subscribes in its AppConfig.ready to recompute the household's rights).

`bewaarplicht_gevraagd` is sent by the retention run (cases.services.anonimiseer_verlopen) with `huishouden_ids`
and `peildatum` before anything is anonymised. Each receiver returns the set of those ids it still needs to
keep (for instance an aanvraag within its own retention period); those households are left as they are."""

from django.dispatch import Signal

huishouden_gewijzigd = Signal()
bewaarplicht_gevraagd = Signal()

# Sent inside the transaction that closes a casus, with `casus`, `uitstroomreden` and `door`.
# The nazorg planning (cases.nazorg) listens; receivers must be idempotent (a re-send plans nothing twice).
casus_afgesloten = Signal()
# Sent by cases.tijdlijn.tijdlijn_van(casussen) with `casussen` (one casus for its page, all of a household's for
# the huishoudoverzicht); each receiver returns a list of TijdlijnItem (or dicts with the same keys) for the events
# it owns, each with its `casus_id`, read for all casussen at once (cases.tijdlijn.gevraagde_casussen also accepts
# a single `casus=`). Receivers must not add data the viewer of the casus may not see.
tijdlijn_gevraagd = Signal()
# Sent by the huishoudoverzicht (cases.views.HuishoudenDetailView) with `huishouden=` and `gebruiker=`. Each
# receiver returns a list of dicts {"titel", "template", "context", "volgorde", optional "anker"} the page
# includes, so a higher layer (regelingen: the rights panel) adds to the page without cases importing it.
# Receivers read through for_user(gebruiker) and audit what they show.
huishouden_onderdelen_gevraagd = Signal()
