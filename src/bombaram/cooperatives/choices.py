from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberKind(models.TextChoices):
    """Who a member is to the cooperative (the report's 조합원 구성 rows)."""

    TEACHER = "teacher", _("Teacher (교원)")
    PARENT = "parent", _("Parent (학부모)")
    STUDENT = "student", _("Student (학생)")
    RESIDENT = "resident", _("Resident (주민)")
    MEMBER_ENTERPRISE = "enterprise", _("Member enterprise (조합원 기업)")
    OTHER = "other", _("Other member")


class MemberType(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class ShareEventKind(models.TextChoices):
    """The events of core.share_register (the register is replayed from them)."""

    JOIN = "join", _("Joined")
    SUBSCRIBE = "subscribe", _("Further subscription")
    PAY = "pay", _("Payment")
    TRANSFER = "transfer", _("Transfer of shares")
    WITHDRAW = "withdraw", _("Withdrawal")



class ResponseSource(models.TextChoices):
    PAPER = "paper", _("Paper form")
    LINK = "link", _("By link")
