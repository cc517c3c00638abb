"""API routes for search."""
