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


class ProductCategory(models.TextChoices):
    """건강매점 products: food counts towards the eco-friendly share; 문구류·생필품 do not."""

    FOOD = "food", _("Food")
    NON_FOOD = "non_food", _("Non-food (stationery, daily necessities)")


class FoodGroup(models.TextChoices):
    """The food-safety notice's groups of children's preferred food (어린이 기호식품)."""

    SNACK = "snack", _("Snack (간식용 기호식품)")
    MEAL = "meal", _("Meal substitute (식사대용 기호식품)")
    OTHER = "other", _("Other food (fresh fruit, milk …)")


class RestrictedItem(models.TextChoices):
    """판매 제한 품목 of the 독산고 permit (core.healthy_store.RESTRICTED)."""

    COOKED_ON_SITE = "cooked_on_site", _("Food cooked on site (현장 조리식품)")
    JUNK_FOOD = "junk_food", _("Junk food (불량식품)")
    HAMBURGER = "hamburger", _("Hamburger (햄버거)")
    GIMBAP = "gimbap", _("Gimbap (김밥)")
    TTEOKBOKKI = "tteokbokki", _("Tteokbokki (떡볶이)")
    CUP_NOODLES = "cup_noodles", _("Cup noodles (컵라면)")
    COFFEE = "coffee", _("Coffee (커피류)")
    LOLLIPOP = "lollipop", _("Lollipop (막대사탕)")
    CHEWING_GUM = "chewing_gum", _("Chewing gum (껌)")
    CARBONATED_DRINK = "carbonated_drink", _("Carbonated drink (탄산음료)")
    LOTTERY = "lottery", _("Lottery-type goods (복권류)")


class SpaceKind(models.TextChoices):
    DESK = "desk", _("Desk (공동 사무실 좌석)")
    OFFICE = "office", _("Office (사무실)")
    SHARED_ROOM = "shared_room", _("Shared room (공용 회의실)")


class TenantKind(models.TextChoices):
    """The hub's tenants as the report's 은평 case groups them."""

    INCUBATED = "incubated", _("Incubated team (인큐베이팅)")
    GROWTH = "growth", _("Growth-stage enterprise (성장기 사회적기업)")
    PARTNER = "partner", _("Partner organisation (유관 기관)")
    GRASSROOTS = "grassroots", _("Grassroots NPO or village group (풀뿌리 NPO·마을공동체)")

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
