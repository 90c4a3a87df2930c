"""axe-core in the browser tests: injected into a page, it lists the page's accessibility
violations. axe-core comes from the npm registry, pinned in tests/browser/package-lock.json."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
INSTALL = f"npm ci --prefix {HERE.relative_to(HERE.parents[1])}"

# What axe checks: the WCAG 2.2 A and AA rules and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_path() -> Path:
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed for the browser tests: run `{INSTALL}`.")
    return AXE


def violations(page) -> list[str]:
    """Run axe-core on the page as it stands; one line per violation and element."""
    page.add_script_tag(path=str(axe_path()))
    found = page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + n.failureSummary),
            }));
        }""",
        TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in found
    ]
