"""A SEND team manager's view of who has opened or changed a child's record."""

from __future__ import annotations

import html
import re
from types import SimpleNamespace

import pytest

from sendpath.audit.models import AuditAction, AuditEvent
from sendpath.audit.selectors import events_for_child
from tests.helpers import child_form_data, new_client, sign_in, world_fixture

pytestmark = pytest.mark.django_db

world = world_fixture()


def rows(page: str) -> list[str]:
    """The audit table's body rows, as plain text, in page order."""
    body = page.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    found = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", body, flags=re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", r)).split()) for r in found]


def test_a_manager_sees_earlier_reads_by_others_and_their_own_read_is_recorded(
    world: SimpleNamespace,
) -> None:
    a = world.a
    child = a.child1
    sign_in(new_client(), a.coordinator).get(f"/children/{child.pk}/")
    sign_in(new_client(), a.ep).get(f"/children/{child.pk}/", REMOTE_ADDR="198.51.100.7")
    sign_in(new_client(), a.parent1).get(f"/api/v1/children/{child.pk}")
    # Reads of another child are not part of this child's trail.
    sign_in(new_client(), a.coordinator).get(f"/children/{a.child2.pk}/")
    before = set(AuditEvent.objects.values_list("pk", flat=True))

    response = sign_in(new_client(), a.manager).get(f"/children/{child.pk}/audit/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Who has opened or changed this record" in page
    table = rows(page)
    # Newest first: the manager's own read of the trail, then the earlier reads.
    assert len(table) == 4
    assert "Manager A" in table[0] and "Audit trail of the child's record" in table[0]
    assert "Parent1 A" in table[1] and "API child record" in table[1]
    assert "Ep A" in table[2] and "Child's record" in table[2] and "198.51.100.7" in table[2]
    assert "Coordinator A" in table[3] and "Viewed: Child's record" in table[3]
    assert all(a.child2.full_name not in row for row in table)

    written = list(AuditEvent.objects.exclude(pk__in=before))
    assert len(written) == 1
    own = written[0]
    assert own.action == AuditAction.VIEW
    assert own.child_id == child.pk
    assert own.user_id == a.manager.pk
    assert own.role == a.manager.role
    assert own.path == f"/children/{child.pk}/audit/"
    assert own.summary == "Audit trail of the child's record"


def test_the_trail_shows_what_a_change_changed(world: SimpleNamespace) -> None:
    a = world.a
    child = a.child3
    client = sign_in(new_client(), a.data_officer)
    response = client.post(f"/children/{child.pk}/edit/", child_form_data(child, upn_unknown="UN1"))
    assert response.status_code == 302

    page = sign_in(new_client(), a.manager).get(f"/children/{child.pk}/audit/").content.decode()

    changed = [row for row in rows(page) if "Changed:" in row]
    assert len(changed) == 1
    assert "Data Officer A" in changed[0]
    assert "upn_unknown: → UN1" in changed[0]


def test_the_trail_lists_newest_first(world: SimpleNamespace) -> None:
    a = world.a
    for user in (a.coordinator, a.senco_a, a.teacher):
        sign_in(new_client(), user).get(f"/children/{a.child1.pk}/")
    events = list(events_for_child(a.child1.pk))
    assert [e.user_id for e in events[:3]] == [a.teacher.pk, a.senco_a.pk, a.coordinator.pk]
    assert all(e.child_id == a.child1.pk for e in events)
