"""User accounts. Each account has one role and belongs to one organisation."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone

from sendpath.accounts.roles import (
    EMAIL_CODE_ROLES,
    FAMILY_ROLES,
    LA_MEMBER_ROLES,
    LA_ROLES,
    SERVICE_ROLES,
    SETTING_ROLES,
    Role,
)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> User:
        fields.setdefault("role", Role.ADMIN)
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Email is the username.

    Membership is by organisation: ``local_authority`` for council staff and councillors,
    ``setting`` for SENCOs and teachers, ``service`` for professionals. Families are linked
    to children through ``people.Relationship``; a young person through ``Child.user``.
    """

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=Role.choices, db_index=True)
    local_authority = models.ForeignKey(
        "organisations.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    setting = models.ForeignKey(
        "organisations.Setting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    service = models.ForeignKey(
        "organisations.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    @property
    def is_la_staff(self) -> bool:
        return self.role in LA_ROLES

    @property
    def is_la_member(self) -> bool:
        return self.role in LA_MEMBER_ROLES

    @property
    def is_setting_staff(self) -> bool:
        return self.role in SETTING_ROLES

    @property
    def is_professional(self) -> bool:
        return self.role in SERVICE_ROLES

    @property
    def is_family(self) -> bool:
        return self.role in FAMILY_ROLES

    @property
    def uses_email_code(self) -> bool:
        return self.role in EMAIL_CODE_ROLES

    @property
    def area_id(self) -> int | None:
        """The local authority whose records this person works within, if any."""
        if self.local_authority_id:
            return self.local_authority_id
        if self.setting_id:
            return self.setting.local_authority_id  # type: ignore[union-attr]
        if self.service_id:
            return self.service.local_authority_id  # type: ignore[union-attr]
        return None

    @property
    def organisation_name(self) -> str:
        org = self.setting or self.service or self.local_authority
        return str(org.name) if org else ""
