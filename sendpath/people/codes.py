"""Code lists for people, from the DfE Common Basic Data Set as SEN2 uses them."""

from __future__ import annotations

from django.db import models


class Sex(models.TextChoices):
    MALE = "M", "Male"
    FEMALE = "F", "Female"


class UPNUnknown(models.TextChoices):
    """SEN2 item 1.7c: why neither UPN nor ULN is given."""

    UN1 = "UN1", "Under 6, not yet given a UPN"
    UN2 = "UN2", "Never attended a state-funded school in England"
    UN3 = "UN3", "Educated outside England"
    UN5 = "UN5", "Sources disagree on name or date of birth"
    UN8 = "UN8", "New to the area in the last week of the collection"
    UN9 = "UN9", "Never attended a state-funded school or college in England"
    UN10 = "UN10", "Request ended before the UPN or ULN was known"


class Ethnicity(models.TextChoices):
    """CBDS main ethnicity codes (the extended codes roll up to these)."""

    WBRI = "WBRI", "White - British"
    WIRI = "WIRI", "White - Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "Gypsy / Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Black Caribbean"
    BAFR = "BAFR", "Black - African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class RelationshipKind(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step_parent", "Step-parent"
    GRANDPARENT = "grandparent", "Grandparent"
    FOSTER_CARER = "foster_carer", "Foster carer"
    GUARDIAN = "guardian", "Special guardian"
    OTHER = "other", "Other carer"
