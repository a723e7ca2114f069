"""axe-core in the page under test: serious and critical violations fail the test."""

from axe_playwright_python.sync_playwright import Axe

BLOCKING_IMPACTS = frozenset({"serious", "critical"})

_axe = Axe()


def check_accessibility(page) -> None:
    """Run axe-core on the page as it is now; fail listing each serious or critical violation.

    Moderate and minor findings are not failures (the issue's bar: no serious or critical
    violation), but they are worth a look when a journey is written.
    """
    results = _axe.run(page)
    blocking = [violation for violation in results.response["violations"] if violation["impact"] in BLOCKING_IMPACTS]
    if not blocking:
        return
    lines = [f"axe-core found {len(blocking)} serious or critical violation(s) on {page.url}:"]
    for violation in blocking:
        targets = ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:10])
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} [{targets}]")
    raise AssertionError("\n".join(lines))
