"""The lock files pin, with hashes, exactly what requirements*.txt ask for, and the dev lock agrees with the runtime one."""

import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s\\;]+)", re.M)


def _pins(name):
    with open(os.path.join(ROOT, name), encoding="utf-8") as handle:
        return {key.lower().replace("_", "-"): version for key, version in PIN.findall(handle.read())}


def _hashed_entries(name):
    with open(os.path.join(ROOT, name), encoding="utf-8") as handle:
        text = handle.read()
    return [block for block in re.split(r"\n(?=[A-Za-z0-9_.\-]+==)", text) if PIN.match(block)]


def test_every_direct_requirement_is_locked_at_its_pinned_version():
    for direct, lock in (("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")):
        wanted, locked = _pins(direct), _pins(lock)
        missing = {name: version for name, version in wanted.items() if locked.get(name) != version}
        assert not missing, f"{lock} is stale for {missing}: run `make lock`"


def test_every_locked_package_carries_a_hash():
    for lock in ("requirements.lock", "requirements-dev.lock"):
        entries = _hashed_entries(lock)
        assert len(entries) > 20
        assert all("--hash=sha256:" in entry for entry in entries), lock


def test_the_dev_lock_installs_the_same_runtime_versions():
    runtime, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    assert {name: (v, dev.get(name)) for name, v in runtime.items() if dev.get(name) != v} == {}
