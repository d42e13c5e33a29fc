from tests.procurement.conftest import seongbuk  # noqa: F401  (성북구청, its departments and suppliers)
