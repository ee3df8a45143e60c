"""The public High Needs Block summary in Chromium, with no sign-in, at desktop and on a 375 px
phone; and value for money for a SEND manager. axe on every page."""

from __future__ import annotations

from typing import Any

import pytest

from sendpath.accounts.roles import Role
from sendpath.accounts.services import create_account
from sendpath.demo.generator import DEMO_PASSWORD
from sendpath.funding.tests.transparency_area import make_public_area
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.test_whole_path import KEY, checked, sign_in


@pytest.fixture
def area(transactional_db: Any) -> Any:
    return make_public_area(with_progress=True, name="Riverside Council")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "375px"])
def test_a_councillor_link_opens_the_public_summary(
    area: Any, live_server: Any, page: Any, viewport: dict
) -> None:
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/public/high-needs/")
    checked(page, "the list of councils")
    page.get_by_role("link", name="Riverside Council: 2025-26").click()
    checked(page, "the public summary")
    assert page.get_by_role("heading", name="High Needs Block spending, 2025-26").is_visible()
    # a chart is an image with its own title, and its table follows
    chart = page.locator("svg#chart-placements")
    assert chart.get_attribute("role") == "img"
    assert (
        page.get_by_role("table", name="Placements by type of setting, with average cost per child").count()
        == 1
    )
    # the residential placement's cost cannot be read anywhere on the page
    assert "£1,770,000" not in page.content()
    # every table downloads as CSV
    with page.expect_download() as download:
        page.locator("a[href$='/placements.csv']").click()
    assert download.value.suggested_filename.endswith("-placements.csv")
    # printable: the print stylesheet hides navigation and keeps the tables
    page.emulate_media(media="print")
    assert not page.locator("nav[aria-label='Contents']").is_visible()
    assert page.get_by_role("table").first.is_visible()
    assert not page.problems  # type: ignore[attr-defined]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "375px"])
def test_a_manager_reads_value_for_money(area: Any, live_server: Any, page: Any, viewport: dict) -> None:
    manager = create_account(
        email="sam.manager@example.org",
        full_name="Sam Manager",
        role=Role.MANAGER,
        password=DEMO_PASSWORD,
        totp_key=KEY,
        local_authority=area.la,
    )
    page.set_viewport_size(viewport)
    sign_in(page, live_server.url, manager)
    page.goto(f"{live_server.url}/funding/value-for-money/")
    checked(page, "value for money")
    table = page.get_by_role("table", name="Cost and progress by type of provision")
    assert "50.0%" in table.inner_text()
    assert not page.problems  # type: ignore[attr-defined]
