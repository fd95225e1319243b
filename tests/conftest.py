"""Fixtures every test folder shares."""

import pytest
import responses


@pytest.fixture
def rsps():
    """Mocked HTTP (`responses`) that fails a test on an unregistered request or an unused mock."""
    with responses.RequestsMock(assert_all_requests_are_fired=True) as r:
        yield r
