"""API routes for reports."""
