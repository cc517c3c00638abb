"""Routes of this area (thin: parse input, call one service, render or redirect)."""
