"""Routes of the reports area, one module per page group (thin: parse input, call one service, render or redirect)."""

from . import findings_routes, periods, scorecard_routes, submissions, summary_routes  # noqa: F401
