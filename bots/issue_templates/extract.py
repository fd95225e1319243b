"""What other bots take from a validated form: a fingerprint of it, and PTO windows."""

from __future__ import annotations

import hashlib
import json
from datetime import date

from bots.issue_templates.definitions import PTO_COVERAGE
from bots.issue_templates.fields import DateRange, FieldValue
from bots.issue_templates.money import Money
from bots.issue_templates.salesforce import SalesforceRecord
from bots.issue_templates.validate import FormResult, FormValues

FINGERPRINT_VERSION = 1


def _canonical(value: FieldValue | None) -> object:
    """A JSON-able form of a value that ignores how it was written (spacing, order, link style)."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, DateRange):
        return [value.start.isoformat(), value.end.isoformat()]
    if isinstance(value, Money):
        return [value.currency, f"{value.amount.normalize():f}"]
    if isinstance(value, SalesforceRecord):
        return [value.kind, value.id15]
    if isinstance(value, tuple):
        return sorted(name.casefold() for name in value)
    return None


def fingerprint(values: FormValues) -> str:
    """A stable hash of the required fields' values: it changes only when their meaning does."""
    form = values.form
    payload = {
        "version": FINGERPRINT_VERSION,
        "form": form.label,
        "fields": {key: _canonical(values.get(key)) for key in form.required_keys},
    }
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def pto_window(result: FormResult) -> tuple[date, date, tuple[str, ...]] | None:
    """First and last day away and the covering users, from a PTO form whose dates are valid."""
    if result.form is not PTO_COVERAGE:
        return None
    away = result.values.get("dates")
    if not isinstance(away, DateRange):
        return None
    coverage = result.values.get("coverage")
    return away.start, away.end, coverage if isinstance(coverage, tuple) else ()
