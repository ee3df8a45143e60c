"""Single-object permission predicates (django-rules), built on the selectors."""

from __future__ import annotations

from typing import Any

import rules

from sendpath.accounts.roles import CHILD_EDITOR_ROLES, Role
from sendpath.people.selectors import can_see_child


@rules.predicate
def sees_child(user: Any, child: Any) -> bool:
    return child is not None and can_see_child(user, child)


@rules.predicate
def edits_child(user: Any, child: Any) -> bool:
    return (
        child is not None
        and getattr(user, "role", None) in CHILD_EDITOR_ROLES
        and user.local_authority_id == child.local_authority_id
    )


@rules.predicate
def reads_child_audit(user: Any, child: Any) -> bool:
    return (
        child is not None
        and getattr(user, "role", None) == Role.MANAGER
        and user.local_authority_id == child.local_authority_id
    )


rules.add_perm("people.view_child", sees_child)
rules.add_perm("people.change_child", edits_child)
rules.add_perm("people.view_child_audit", reads_child_audit)
