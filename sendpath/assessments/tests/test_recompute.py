"""Recomputing stored clocks after the law changes."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from sendpath.assessments.models import AssessmentRequest
from sendpath.assessments.recompute import recompute_all
from sendpath.assessments.workflow import Stage
from tests.factories import AssessmentRequestFactory

pytestmark = pytest.mark.django_db


def test_only_wrong_dates_are_corrected() -> None:
    right = AssessmentRequestFactory(received_on=dt.date(2026, 1, 5))
    wrong = AssessmentRequestFactory(received_on=dt.date(2026, 1, 5), stage=Stage.ASSESSING)
    AssessmentRequest.objects.filter(pk=wrong.pk).update(final_due=dt.date(2026, 5, 26), next_due=None)
    AssessmentRequest.objects.filter(pk=right.pk).update(next_due_for="decision_to_assess_due")
    result = recompute_all(batch_size=1)
    assert (result.checked, result.changed) == (2, 1)
    wrong.refresh_from_db()
    # Example 1 of timescales.md: 20 weeks from Mon 5 Jan 2026 is Mon 25 May 2026.
    assert wrong.final_due == dt.date(2026, 5, 25)
    assert wrong.next_due == wrong.no_plan_due == dt.date(2026, 4, 27)
    assert wrong.next_due_for == "no_plan_notice_due"


def test_command_reports_its_counts() -> None:
    AssessmentRequestFactory()
    out = StringIO()
    call_command("recompute_clocks", stdout=out)
    assert "Checked 1 cases" in out.getvalue()
