"""Debug entry point: ``python -m portal.extraction FILE`` extracts FILE in this process (no sandbox) and prints JSON.

It lives here, not in ``worker``, so that the child's module never imports the parent-side API back.
"""

import json
import sys

from .api import extract_file
from .messages import ExtractionError


def main(argv: list[str]) -> int:
    """Extract argv[0] without the sandbox and print the result (or the refusal) as JSON."""
    try:
        result = extract_file(argv[0], sandbox=False)
    except ExtractionError as exc:
        print(json.dumps({"code": exc.code, "message": exc.message}, ensure_ascii=False))  # noqa: T201
        return 1
    print(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
