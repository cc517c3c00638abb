"""The home page per role: each area's panel module lists what needs this user's attention.

A panel module (one per area) asks its services for data and adds the labels and the links; the services return
data only. ``AREAS`` lists them in the order they are asked; panels are then sorted by their own ``order``.
"""

from . import admin, documents, materials, plan, reporting
from .cards import Panel, PanelItem  # noqa: F401  (the card types, for callers)

AREAS = {"materials": materials, "reporting": reporting, "documents": documents, "plan": plan, "admin": admin}


def area_module(name):
    """The panel module of an area (``portal.blueprints.main.panels.<name>``)."""
    return AREAS[name]


def panels_for(user):
    """Every panel the user should see, most important first."""
    panels = []
    for module in AREAS.values():
        panels.extend(module.panels(user) or [])
    return sorted(panels, key=lambda p: p.order)
