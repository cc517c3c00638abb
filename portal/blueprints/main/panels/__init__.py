"""The home page per role: each area's panel module lists what needs this user's attention.

A panel module (one per area) asks its services for data and adds the labels and the links; the services return
data only. ``AREAS`` lists them in the order they are asked; panels are then sorted by their own ``order``.
"""

import importlib
from dataclasses import dataclass, field

AREAS = ["materials", "reporting", "documents", "plan", "admin"]


@dataclass
class PanelItem:
    """One line of a panel."""

    label: str
    url: str | None = None
    note: str | None = None
    urgent: bool = False


@dataclass
class Panel:
    """A card on the home page."""

    key: str
    title: str
    items: list = field(default_factory=list)
    count: int | None = None
    empty: str = "Không có việc cần xử lý."
    urgent: bool = False
    more_url: str | None = None
    more_label: str | None = None
    order: int = 50


def area_module(name):
    """The panel module of an area (``portal.blueprints.main.panels.<name>``)."""
    return importlib.import_module(f"{__name__}.{name}")


def panels_for(user):
    """Every panel the user should see, most important first."""
    panels = []
    for name in AREAS:
        panels.extend(area_module(name).panels(user) or [])
    return sorted(panels, key=lambda p: p.order)
