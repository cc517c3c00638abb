"""Demo step: the demo documents in samples/documents (Chỉ thị 21-CT/TU, Kết luận 205-KL/TW, ...), idempotent by hash.

The plan and the branch reports are imported by their own steps.
"""

import glob
import os

from portal.services import accounts

SAMPLES = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "samples", "documents"
)
UPLOADER = "giupviec.ha"


def load(echo=print):
    """Upload every samples/documents/*.md as giupviec.ha, visible to all; files already there are skipped."""
    from portal.services import documents

    user = accounts.user_by_username(UPLOADER)
    if user is None:
        echo(f"Bỏ qua văn bản mẫu: chưa có tài khoản {UPLOADER}.")
        return
    added = 0
    for path in sorted(glob.glob(os.path.join(SAMPLES, "*.md"))):
        result = documents.upload_document(path, os.path.basename(path), user=user, visibility="all", source="demo")
        added += result.status == "imported"
    echo(f"Văn bản mẫu: thêm {added} văn bản.")
