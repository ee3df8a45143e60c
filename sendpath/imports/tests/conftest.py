"""Shared set-up for the import tests: an authority with settings and a few children."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from sendpath.imports.synthetic import LegacyExport, legacy_export
from tests import factories as f


@pytest.fixture
def area(db: Any) -> SimpleNamespace:
    la = f.LocalAuthorityFactory()
    settings = [f.SettingFactory(local_authority=la) for _ in range(4)]
    college = f.SettingFactory(local_authority=la, urn=None, ukprn="10004321")
    children = [f.ChildFactory(local_authority=la) for _ in range(3)]
    return SimpleNamespace(
        la=la,
        settings=settings,
        college=college,
        urns=[s.urn for s in settings],
        existing_upns=[c.upn for c in children],
        officer=f.DataOfficerFactory(local_authority=la),
    )


def export_for(area: SimpleNamespace, rows: int, bad: float = 0.0, seed: int = 7) -> LegacyExport:
    return legacy_export(rows, bad, seed, area.urns, list(area.existing_upns))
