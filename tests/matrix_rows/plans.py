"""Matrix rows for the EHC plan pages (``{plan}`` is the target child's first plan).

In ``tests.helpers.make_world`` the plans were recorded before plans were written in
sendpath: they have no versions. So a version, its PDF and every drafting page answer
"not found" or send the writer back to the draft page; the pages with real versions are
tested in ``sendpath/plans/tests/test_views.py``. child3 has no plan at all (``{plan}`` 0).
"""

from __future__ import annotations

from tests.test_permission_matrix import FORBIDDEN, NOT_FOUND, OK, TO_CODE, TO_SIGN_IN, Redirect

# Targets, in order: child1, child2, child3 (no plan), yp, b.child1 (other LA).
ALL = 5
NF = NOT_FOUND
F = FORBIDDEN
TO_DRAFT = Redirect("/plans/{plan}/draft/")
TO_PLAN = Redirect("/plans/{plan}/")
NOBODY = (NF,) * ALL

#: Who can see each child but may not use a page meant for others: 403, not 404.
SEES = {
    "coordinator": (F, F, NF, F, NF),
    "manager": (F, F, NF, F, NF),
    "finance": (F, F, NF, F, NF),
    "data_officer": (F, F, NF, F, NF),
    "senco_a": (F, NF, NF, NF, NF),
    "senco_b": (F, F, NF, F, NF),
    "teacher": (F, NF, NF, NF, NF),
    "ep": (F, NF, NF, NF, NF),
    "health": (NF, F, NF, NF, NF),
    "social_care": NOBODY,
    "parent1": (F, NF, NF, NF, NF),
    "parent2": (NF, F, NF, NF, NF),
    "young_person": (NF, NF, NF, F, NF),
    "councillor": NOBODY,
    "admin": NOBODY,
}
SIGNED_OUT = {"anonymous": (TO_SIGN_IN,) * ALL, "unverified": (TO_CODE,) * ALL}

# Reading a plan: the council's staff, the family, staff of the named setting (here the
# child's own school, as no version names one) and the professionals involved. School B
# was consulted about child1 (so sees the child) but is not named in child1's plan: 403.
READ = {
    **SIGNED_OUT,
    "coordinator": (OK, OK, NF, OK, NF),
    "manager": (OK, OK, NF, OK, NF),
    "finance": (OK, OK, NF, OK, NF),
    "data_officer": (OK, OK, NF, OK, NF),
    "senco_a": (OK, NF, NF, NF, NF),
    "senco_b": (F, OK, NF, OK, NF),
    "teacher": (OK, NF, NF, NF, NF),
    "ep": (OK, NF, NF, NF, NF),
    "health": (NF, OK, NF, NF, NF),
    "social_care": NOBODY,
    "parent1": (OK, NF, NF, NF, NF),
    "parent2": (NF, OK, NF, NF, NF),
    "young_person": (NF, NF, NF, OK, NF),
    "councillor": NOBODY,
    "admin": NOBODY,
}
# A version of those plans: none exists, so "not found" for every reader.
READ_VERSION = {
    name: tuple(NF if outcome == OK else outcome for outcome in row) if name not in SIGNED_OUT else row
    for name, row in READ.items()
}
# Drafting: coordinators and managers of the plan's authority. With no draft open, every
# drafting page sends them to the draft page, which offers an amendment when it can.
WRITE_PAGE = {**SIGNED_OUT, **SEES, "coordinator": (OK, OK, NF, OK, NF), "manager": (OK, OK, NF, OK, NF)}
WRITE_ACTION = {
    **SIGNED_OUT,
    **SEES,
    "coordinator": (TO_DRAFT, TO_DRAFT, NF, TO_DRAFT, NF),
    "manager": (TO_DRAFT, TO_DRAFT, NF, TO_DRAFT, NF),
}
# The family's comments: only the child's family, and only on a draft sent to them; with
# none open they are sent back to the plan.
COMMENT = {
    **SIGNED_OUT,
    **SEES,
    "parent1": (TO_PLAN, NF, NF, NF, NF),
    "parent2": (NF, TO_PLAN, NF, NF, NF),
    "young_person": (NF, NF, NF, TO_PLAN, NF),
}

PATHS = {
    "plans/<int:pk>/": "/plans/{plan}/",
    "plans/<int:pk>/versions/<int:number>/": "/plans/{plan}/versions/1/",
    "plans/<int:pk>/versions/<int:number>/pdf/": "/plans/{plan}/versions/1/pdf/",
    "plans/<int:pk>/compare/": "/plans/{plan}/compare/",
    "plans/<int:pk>/comments/": "/plans/{plan}/comments/",
    "plans/<int:pk>/amend/": "/plans/{plan}/amend/",
    "plans/<int:pk>/draft/": "/plans/{plan}/draft/",
    "plans/<int:pk>/draft/issue/": "/plans/{plan}/draft/issue/",
    "plans/<int:pk>/draft/send/": "/plans/{plan}/draft/send/",
    "plans/<int:pk>/draft/comments/new/": "/plans/{plan}/draft/comments/new/",
    "plans/<int:pk>/draft/sections/<str:section>/": "/plans/{plan}/draft/sections/A/",
    "plans/<int:pk>/draft/<slug:kind>/new/": "/plans/{plan}/draft/provision/new/",
    "plans/<int:pk>/draft/<slug:kind>/<int:line>/": "/plans/{plan}/draft/needs/1/",
    "plans/<int:pk>/draft/<slug:kind>/<int:line>/remove/": "/plans/{plan}/draft/needs/1/remove/",
}

ROWS = {
    "plans/<int:pk>/": READ,
    "plans/<int:pk>/versions/<int:number>/": READ_VERSION,
    "plans/<int:pk>/versions/<int:number>/pdf/": READ_VERSION,
    "plans/<int:pk>/compare/": READ,
    "plans/<int:pk>/comments/": COMMENT,
    "plans/<int:pk>/amend/": WRITE_ACTION,
    "plans/<int:pk>/draft/": WRITE_PAGE,
    "plans/<int:pk>/draft/issue/": WRITE_ACTION,
    "plans/<int:pk>/draft/send/": WRITE_ACTION,
    "plans/<int:pk>/draft/comments/new/": WRITE_ACTION,
    "plans/<int:pk>/draft/sections/<str:section>/": WRITE_ACTION,
    "plans/<int:pk>/draft/<slug:kind>/new/": WRITE_ACTION,
    "plans/<int:pk>/draft/<slug:kind>/<int:line>/": WRITE_ACTION,
    "plans/<int:pk>/draft/<slug:kind>/<int:line>/remove/": WRITE_ACTION,
}
