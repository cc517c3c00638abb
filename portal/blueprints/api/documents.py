"""API routes for documents."""
