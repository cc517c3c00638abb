"""The search page's view model: results, facets with labels, pagination, or a Vietnamese error."""

from portal.errors import ValidationFailed
from portal.services.searching import FACET_LABELS, SORTS, facet_labels, read_args, search

from ..links import with_urls


def run(user, args):
    """Everything the search page shows: results, facets with labels, pagination, or a Vietnamese error."""
    try:
        q, filters, sort, limit, offset = read_args(args)
    except ValidationFailed as error:
        return {"q": args.get("q", ""), "error": error.message, "filters": {}, "result": None, "sorts": SORTS}
    context = {
        "q": q,
        "filters": filters,
        "sort": sort,
        "sorts": SORTS,
        "result": None,
        "error": None,
        "facet_names": FACET_LABELS,
        "page": offset // limit + 1,
        "per_page": limit,
    }
    if not q and not filters:
        return context
    try:
        result = search(user, q, filters, sort, limit, offset)
    except ValidationFailed as error:
        context["error"] = error.message
        return context
    with_urls(result["hits"])
    context["result"] = result
    context["labels"] = facet_labels(result.get("facets", {}))
    context["pages"] = min((result["total"] + limit - 1) // limit, 50)
    return context
