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


class FoundingForm(models.TextChoices):
    """What is being founded: a cooperative is reported (설립신고), a social cooperative authorised (설립인가)."""

    COOPERATIVE = "cooperative", _("Cooperative (협동조합, 설립신고)")
    SOCIAL_COOPERATIVE = "social", _("Social cooperative (사회적협동조합, 설립인가)")


class FoundingStage(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    ASSEMBLY_HELD = "assembly", _("Founding assembly held")
    FILED = "filed", _("Filed")
    FOUNDED = "founded", _("Founded and registered")


class ResolutionSubject(models.TextChoices):
    ARTICLES = "articles", _("Articles of association (정관)")
    BUSINESS_PLAN = "plan", _("Business plan (사업계획)")
    BUDGET = "budget", _("Budget (예산)")
    OFFICERS = "officers", _("Election of officers (임원 선출)")
    OTHER = "other", _("Other resolution")


class FoundingDocumentKind(models.TextChoices):
    ARTICLES = "articles", _("Articles of association (정관)")
    BUSINESS_PLAN = "plan", _("Business plan (사업계획)")
    BUDGET = "budget", _("Budget (예산)")


class ContributorKind(models.TextChoices):
    """Who gives to a local fund (the issue's 주민, 조직, 기관)."""

    RESIDENT = "resident", _("Resident (주민)")
    ORGANISATION = "organisation", _("Organisation (조직)")
    INSTITUTION = "institution", _("Institution (기관)")


class ContributionKind(models.TextChoices):
    PLEDGE = "pledge", _("Pledge (약정)")
    PAID = "paid", _("Contribution received (납입)")


class FundUseKind(models.TextChoices):
    GRANT = "grant", _("Grant (지원)")
    LOAN = "loan", _("Loan (융자)")
