"""Use cases that own their transactions; routes and CLI commands call these."""
