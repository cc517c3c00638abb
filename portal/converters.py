"""URL converters: ids in paths fit the database's 64-bit integers, or the route does not match (404, never 500)."""

from werkzeug.routing import IntegerConverter, ValidationError

from .ids import MAX_ID


class IdConverter(IntegerConverter):
    """``<int:...>``: digits only, 1 to 2**63 - 1 by default (a longer number is no page of ours: 404)."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002 - werkzeug's names
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=MAX_ID if max is None else max, signed=signed)

    def to_python(self, value):
        if len(value) > 19:
            raise ValidationError()
        return super().to_python(value)


def register(app):
    """Install the converters before any blueprint adds its rules."""
    app.url_map.converters["int"] = IdConverter
