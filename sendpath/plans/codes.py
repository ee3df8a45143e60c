"""SEN2 code lists used by plans."""

from __future__ import annotations

from django.db import models


class NeedType(models.TextChoices):
    """SEN2 item 5.8a SENtype: the primary type of need."""

    SPLD = "SPLD", "Specific learning difficulty"
    MLD = "MLD", "Moderate learning difficulty"
    SLD = "SLD", "Severe learning difficulty"
    PMLD = "PMLD", "Profound and multiple learning difficulty"
    SEMH = "SEMH", "Social, emotional and mental health"
    SLCN = "SLCN", "Speech, language and communication needs"
    HI = "HI", "Hearing impairment"
    VI = "VI", "Vision impairment"
    MSI = "MSI", "Multi-sensory impairment"
    PD = "PD", "Physical disability"
    ASD = "ASD", "Autistic spectrum disorder"
    DS = "DS", "Down syndrome"
    OTH = "OTH", "Other difficulty"


class CeaseReason(models.TextChoices):
    """SEN2 item 4.6 CeaseReason."""

    MAX_AGE = "1", "Reached maximum age"
    NEEDS_MET = "2", "Needs met without a plan"
    HIGHER_EDUCATION = "3", "Moved on to higher education"
    EMPLOYMENT = "4", "Moved on to paid employment"
    TRANSFERRED = "5", "Moved to another local authority"
    NO_ENGAGEMENT = "6", "Young person no longer wishes to engage"
    LEFT_ENGLAND = "7", "Moved outside England"
    DECEASED = "8", "Deceased"
    OTHER = "9", "Other"
