"""API routes for plan."""
