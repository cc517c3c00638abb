"""The cards of the home page: a panel and its lines (what each area's panel module builds)."""

from dataclasses import dataclass, field


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
