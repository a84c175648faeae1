"""Partner organisations are accounts.Organisatie (the core); the sociale kaart and referrals follow here."""
