"""axe-core in the page: the WCAG 2.2 A/AA rules, serious and critical violations only.

axe-core's own script comes with the pinned axe-playwright-python dev dependency (a PyPI wheel
that ships axe.min.js); nothing is downloaded at test time.
"""

from __future__ import annotations

from importlib.resources import files

AXE_JS = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}


def serious_violations(page) -> list[str]:
    """One line per serious or critical violation: rule, impact and the first offending element."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['html'][:160]}"
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


def sideways_overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth,"
        " document.querySelector('[data-testid=stMain]').scrollWidth) - window.innerWidth"
    )
