"""Every test starts with an empty cache: the database is rolled back between tests
without signals, so an entry cached by one test could describe rows another never had."""

import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def empty_cache():
    for alias in ("default", "pages"):
        caches[alias].clear()
    yield
    for alias in ("default", "pages"):
        caches[alias].clear()
