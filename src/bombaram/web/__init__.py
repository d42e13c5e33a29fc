"""The web shell: layout, navigation, home page, accounts, roles and the audit trail."""
