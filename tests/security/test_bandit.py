"""bandit over the portal's code is clean: every exception is justified in place with `# nosec BXXX`."""

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_bandit_is_clean():
    bandit = os.path.join(os.path.dirname(sys.executable), "bandit")
    done = subprocess.run(
        [bandit, "-q", "-c", "pyproject.toml", "-f", "json", "-r", "portal", "config.py", "wsgi.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(done.stdout)
    findings = [f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}" for r in report["results"]]
    assert findings == [], "bandit findings (fix, or justify with `# nosec BXXX  # reason`):\n" + "\n".join(findings)
    assert report["errors"] == []
