# Households, inwoners and incomes are personal data and deliberately not in the admin: they are reachable
# only through the audited case screens (ADR 0002). Stadsdelen are managed with the organisation (accounts).
