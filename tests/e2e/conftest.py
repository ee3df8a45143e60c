"""Browser tests: Debian's Chromium driven by Playwright, with axe-core injected into each page.

Playwright drives the system browser, /usr/bin/chromium; it never downloads its own. When it is
missing, these tests fail with a message saying so (CI must run them).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("SENDPATH_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: run `make browser` (apt-get install chromium)."
        )
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `make setup` (npm ci).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.problems = []  # type: ignore[attr-defined]
    page.on("console", lambda msg: page.problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: page.problems.append(str(exc)))
    yield page
    context.close()


def settle(page: Any) -> None:
    """Wait until the page a click led to has loaded and shows its heading: right after a
    click, the old page may be gone and the new one not yet parsed."""
    page.wait_for_load_state("load")
    page.locator("h1").first.wait_for(state="attached")


def one_h1(page: Any, where: str) -> None:
    settle(page)
    assert page.locator("h1").count() == 1, f"{where} has one h1"


def check_accessibility(page: Any, where: str) -> None:
    """Run axe on the page as it is now and fail with each violation described."""
    settle(page)
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;null")
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
    assert not violations, f"axe found problems on {where}:\n{json.dumps(violations, indent=1)}"


def check_fits(page: Any, where: str) -> None:
    """Nothing forces the page wider than the screen (WCAG 1.4.10 reflow)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{where} is {overflow}px wider than a {page.viewport_size['width']}px screen"


def demo_today() -> dt.date:
    return dt.date.today()
