"""API routes for materials."""
