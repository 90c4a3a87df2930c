"""The accessibility check cannot pass silently: without axe-core it fails and says what to run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import axe


def test_a_missing_axe_core_fails_with_the_command_to_install_it(monkeypatch):
    monkeypatch.setattr(axe, "AXE", Path("/nowhere/node_modules/axe-core/axe.min.js"))
    with pytest.raises(pytest.fail.Exception, match=r"npm ci --prefix tests/browser"):
        axe.axe_path()


def test_axe_core_is_pinned_in_the_lock_file():
    import json

    lock = json.loads((axe.HERE / "package-lock.json").read_text())
    entry = lock["packages"]["node_modules/axe-core"]
    assert entry["integrity"].startswith("sha512-")
    assert (
        json.loads((axe.HERE / "package.json").read_text())["devDependencies"]["axe-core"]
        == entry["version"]
    )
