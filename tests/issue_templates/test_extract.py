"""What other bots read from a form: detection by label, fingerprints, PTO windows."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bots.issue_templates import (
    EPHEMERAL_SLACK_CHANNEL,
    FORMS,
    ON_SITE_REQUEST,
    PTO_COVERAGE,
    FormDefinition,
    detect_form,
    fingerprint,
    pto_window,
)

from .helpers import LIGHTNING_OPP_URL, check, fill, ticked


@pytest.mark.parametrize("form", FORMS, ids=[form.name for form in FORMS])
def test_detect_form_by_its_label(form: FormDefinition) -> None:
    assert detect_form(["bug", form.label, "priority::1"]) is form
    assert detect_form([f"  {form.label.upper()} "]) is form


def test_detect_form_needs_exactly_one_form_label() -> None:
    assert detect_form([]) is None
    assert detect_form(["form::something-else", "onsite::awaiting-approval"]) is None
    assert detect_form([ON_SITE_REQUEST.label, PTO_COVERAGE.label]) is None


def _on_site_fingerprint(**overrides: str | None) -> str:
    return fingerprint(check(ON_SITE_REQUEST, fill(ON_SITE_REQUEST, **overrides)).values)


def test_fingerprint_is_stable_and_ignores_how_values_are_written() -> None:
    base = _on_site_fingerprint()
    assert re.fullmatch(r"[0-9a-f]{64}", base)
    assert _on_site_fingerprint() == base
    assert _on_site_fingerprint(estimated_cost="2400.00 USD") == base
    assert _on_site_fingerprint(attendees="@bob, @Alice") == base
    assert _on_site_fingerprint(opportunity=LIGHTNING_OPP_URL) == base
    assert _on_site_fingerprint(proposed_dates="3 Dec 2026 to Dec 4, 2026") == base
    assert _on_site_fingerprint(engagement_summary="Discovery  and demo\nin October.") == base
    assert _on_site_fingerprint(stakeholders="CTO; platform team\n\n/assign @carol") == base


@pytest.mark.parametrize(
    "change",
    [
        {"estimated_cost": "USD 2,401"},
        {"estimated_cost": "EUR 2,400"},
        {"attendees": "@alice"},
        {"proposed_dates": "2026-12-03 to 2026-12-05"},
        {"agenda": "Demo only"},
        {"prerequisites": ticked(ON_SITE_REQUEST, "prerequisites", "x")},
        {"opportunity": None},
    ],
)
def test_fingerprint_changes_when_a_required_value_does(change: dict[str, str | None]) -> None:
    assert _on_site_fingerprint(**change) != _on_site_fingerprint()


def test_fingerprint_ignores_optional_fields_and_differs_between_forms() -> None:
    pto = check(PTO_COVERAGE, fill(PTO_COVERAGE)).values
    without_workload = check(PTO_COVERAGE, fill(PTO_COVERAGE, workload=None)).values
    assert fingerprint(pto) == fingerprint(without_workload)
    slack = check(EPHEMERAL_SLACK_CHANNEL, "").values
    assert fingerprint(slack) != fingerprint(check(PTO_COVERAGE, "").values)


def test_pto_window_from_a_pto_form() -> None:
    window = pto_window(check(PTO_COVERAGE, fill(PTO_COVERAGE, coverage="@carol @bob")))
    assert window == (date(2026, 12, 21), date(2027, 1, 1), ("carol", "bob"))


def test_pto_window_even_while_other_fields_need_fixing() -> None:
    result = check(PTO_COVERAGE, fill(PTO_COVERAGE, coverage="@ghost", announced=None))
    assert not result.complete
    assert pto_window(result) == (date(2026, 12, 21), date(2027, 1, 1), ())


def test_no_pto_window_without_valid_dates_or_from_other_forms() -> None:
    assert pto_window(check(PTO_COVERAGE, fill(PTO_COVERAGE, dates="soon"))) is None
    assert pto_window(check(ON_SITE_REQUEST, fill(ON_SITE_REQUEST))) is None
