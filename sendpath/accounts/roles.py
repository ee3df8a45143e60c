"""The roles people hold in sendpath, and which kind of organisation each belongs to.

Roles are coarse on purpose. What a person may see is decided by the role together with
their organisation (their local authority, setting or service) and their relationships to
children, in the selectors; never by per-object permission rows.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "EHC coordinator"
    MANAGER = "manager", "SEND team manager"
    FINANCE = "finance", "Finance officer"
    DATA_OFFICER = "data_officer", "Data officer"
    SENCO = "senco", "SENCO"
    TEACHER = "teacher", "Teacher"
    EP = "ep", "Educational psychologist"
    HEALTH = "health", "Health professional"
    SOCIAL_CARE = "social_care", "Social care professional"
    PARENT = "parent", "Parent or carer"
    YOUNG_PERSON = "young_person", "Young person"
    COUNCILLOR = "councillor", "Councillor"
    ADMIN = "admin", "System administrator"


LA_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER, Role.FINANCE, Role.DATA_OFFICER})
# Councillors sit in the local authority too, but see aggregates only.
LA_MEMBER_ROLES = LA_ROLES | {Role.COUNCILLOR, Role.ADMIN}
SETTING_ROLES = frozenset({Role.SENCO, Role.TEACHER})
SERVICE_ROLES = frozenset({Role.EP, Role.HEALTH, Role.SOCIAL_CARE})
FAMILY_ROLES = frozenset({Role.PARENT, Role.YOUNG_PERSON})
# Staff sign in with an authenticator app; families and professionals get emailed codes.
TOTP_ROLES = LA_MEMBER_ROLES | SETTING_ROLES
EMAIL_CODE_ROLES = SERVICE_ROLES | FAMILY_ROLES
# Who may change a child's core record (names, identifiers, address).
CHILD_EDITOR_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER, Role.DATA_OFFICER})
