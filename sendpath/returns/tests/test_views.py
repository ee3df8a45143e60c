"""The data officer's SEN2 pages: starting a run, following it, the figures and findings,
the audited download; managers read; nobody else, and never another area's run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from sendpath.accounts.roles import Role
from sendpath.audit.models import AuditAction, AuditEvent
from sendpath.returns import runs
from sendpath.returns.models import ReturnRun, RunStatus
from sendpath.returns.tests import area
from tests import factories as f
from tests.helpers import new_client, sign_in

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 1, 20, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def world(settings, tmp_path: Path):  # type: ignore[no-untyped-def]
    settings.SEN2_RUN_MODE = "manual"
    settings.SEN2_OUTPUT_DIR = tmp_path
    built = area.build()
    built.data = f.UserFactory(role=Role.DATA_OFFICER, local_authority=built.la)
    built.manager = f.UserFactory(role=Role.MANAGER, local_authority=built.la)
    built.coordinator = f.UserFactory(role=Role.COORDINATOR, local_authority=built.la)
    built.elsewhere = f.UserFactory(role=Role.DATA_OFFICER)
    return built


def start(world) -> ReturnRun:  # type: ignore[no-untyped-def]
    client = sign_in(new_client(), world.data)
    response = client.post("/returns/sen2/", {"year": "2026", "dmo": "Y", "dco": "N", "dsco": "R"})
    run = ReturnRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/returns/sen2/runs/{run.pk}/"
    return run


def test_a_data_officer_starts_a_run_and_the_page_follows_it(world) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW):
        run = start(world)
        assert (run.status, run.year, run.dmo, run.dco, run.dsco) == (RunStatus.QUEUED, 2026, "Y", "N", "R")
        assert run.reference_date == dt.date(2026, 1, 15)
        assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="returns.returnrun").exists()
        client = sign_in(new_client(), world.data)
        page = client.get(f"/returns/sen2/runs/{run.pk}/").content.decode()
        assert 'http-equiv="refresh"' in page and "Refresh</a>" in page
        # What launch() starts in the background: the command, for this run.
        assert runs.command_for(run)[-4:] == ["sen2_export", "--run-id", str(run.pk), "--quiet"]
        call_command("sen2_export", "--run-id", str(run.pk), "--quiet")
        run.refresh_from_db()
        assert run.status == RunStatus.DONE and run.progress == 100 and run.persons == 28
        assert run.schema_error_count == 0 and run.error_count == 0
        assert run.previous_counts["source"] == "built from the records"
        page = client.get(f"/returns/sen2/runs/{run.pk}/").content.decode()
        assert 'http-equiv="refresh"' not in page
        for text in (
            "Records per module",
            "Requests for assessment",
            "Decision whether to assess",
            "Download the XML",
        ):
            assert text in page
        assert "<DSCO>R</DSCO>" in Path(run.file_path).read_text()


def test_findings_are_grouped_by_rule_with_links_to_fix(world) -> None:  # type: ignore[no-untyped-def]
    child = world.children[0]
    child.upn = ""
    child.upn_unknown = ""
    child.save()
    with time_machine.travel(NOW):
        run = start(world)
        call_command("sen2_export", "--run-id", str(run.pk), "--quiet")
        run.refresh_from_db()
        assert run.findings["V-06"]["count"] == 1
        page = sign_in(new_client(), world.manager).get(f"/returns/sen2/runs/{run.pk}/").content.decode()
    assert "V-06 (error)" in page
    assert (
        f"Item 1.7c: UPNunknown is needed because there is neither a UPN nor a ULN (child record {child.pk})"
        in page
    )
    assert f'href="/children/{child.pk}/edit/"' in page
    assert "Download the XML" not in page, "managers read the figures but do not download"


def test_the_download_is_audited_and_for_data_officers_only(world) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW):
        run = start(world)
        client = sign_in(new_client(), world.data)
        assert client.get(f"/returns/sen2/runs/{run.pk}/download/").status_code == 404, "not ready yet"
        call_command("sen2_export", "--run-id", str(run.pk), "--quiet")
        response = client.get(f"/returns/sen2/runs/{run.pk}/download/")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"<?xml") and b"<Collection>SEN2</Collection>" in body
    assert "attachment" in response["Content-Disposition"]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.user == world.data and event.object_id == str(run.pk)
    assert (
        sign_in(new_client(), world.manager).get(f"/returns/sen2/runs/{run.pk}/download/").status_code == 403
    )


def test_other_roles_and_other_areas_cannot_see_a_run(world) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW):
        run = start(world)
        path = f"/returns/sen2/runs/{run.pk}/"
        assert sign_in(new_client(), world.coordinator).get(path).status_code == 403
        assert sign_in(new_client(), world.elsewhere).get(path).status_code == 404
        assert sign_in(new_client(), world.elsewhere).get(path + "download/").status_code == 404
        assert (
            sign_in(new_client(), world.manager)
            .post("/returns/sen2/", {"year": "2026", "dmo": "Y", "dco": "Y", "dsco": "Y"})
            .status_code
            == 403
        )


def test_bad_input_and_a_second_run_at_once_are_refused_with_a_message(world) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW):
        client = sign_in(new_client(), world.data)
        page = client.post(
            "/returns/sen2/", {"year": "2026", "dmo": "Y", "dco": "", "dsco": "Y"}
        ).content.decode()
        assert "There is a problem" in page and ReturnRun.objects.count() == 0
        start(world)
        page = client.post(
            "/returns/sen2/", {"year": "2026", "dmo": "Y", "dco": "Y", "dsco": "Y"}
        ).content.decode()
    assert "already being built" in page and ReturnRun.objects.count() == 1


def test_a_failed_run_says_why(world) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW):
        run = start(world)
        ReturnRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, message="OSError: disk full")
        page = sign_in(new_client(), world.data).get(f"/returns/sen2/runs/{run.pk}/").content.decode()
    assert "could not be built: OSError: disk full" in page


def test_the_command_prints_counts_and_rule_results(world, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "cmd.xml"
    call_command("sen2_export", "--year", "2026", "--out", str(out), "--la", world.la.code)
    printed = capsys.readouterr().out
    assert "Records per module:" in printed and "Person" in printed and "28" in printed
    assert "Schema (sen2-2026.xsd): valid" in printed
    assert "Rules: 0 errors" in printed
    assert out.exists()


def test_the_data_officers_home_links_to_the_return(world) -> None:  # type: ignore[no-untyped-def]
    page = sign_in(new_client(), world.data).get("/").content.decode()
    assert 'href="/returns/sen2/"' in page


def test_a_run_whose_process_died_does_not_block_the_year(world) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW) as clock:
        start(world)
        clock.shift(dt.timedelta(hours=7))
        client = sign_in(new_client(), world.data)
        response = client.post("/returns/sen2/", {"year": "2026", "dmo": "Y", "dco": "Y", "dsco": "Y"})
    assert response.status_code == 302 and ReturnRun.objects.count() == 2
