"""Issue forms: one definition per issue template yields both its Markdown and its validation."""

from bots.forms.checklists import Checklist, Choice, Item
from bots.forms.definitions import (
    EPHEMERAL_SLACK_CHANNEL,
    FORMS,
    ON_SITE_REQUEST,
    PTO_COVERAGE,
    SA_HANDOFF,
    SA_REQUEST,
    detect_form,
)
from bots.forms.extract import fingerprint, pto_window
from bots.forms.fields import (
    Amount,
    Context,
    Date,
    DateRange,
    DateSpan,
    FieldType,
    FieldValue,
    Invalid,
    SalesforceLink,
    Text,
    Timing,
    Users,
)
from bots.forms.model import CrossCheck, FieldSpec, FormDefinition, RequiredWhen
from bots.forms.money import Money
from bots.forms.parse import Section, parse_description, parse_sections
from bots.forms.salesforce import SalesforceRecord
from bots.forms.template import (
    TEMPLATE_DIRECTORY,
    check_template_files,
    render,
    write_templates,
)
from bots.forms.validate import Finding, FindingKind, FormResult, FormValues, validate

__all__ = [
    "EPHEMERAL_SLACK_CHANNEL",
    "FORMS",
    "ON_SITE_REQUEST",
    "PTO_COVERAGE",
    "SA_HANDOFF",
    "SA_REQUEST",
    "TEMPLATE_DIRECTORY",
    "Amount",
    "Checklist",
    "Choice",
    "Context",
    "CrossCheck",
    "Date",
    "DateRange",
    "DateSpan",
    "FieldSpec",
    "FieldType",
    "FieldValue",
    "Finding",
    "FindingKind",
    "FormDefinition",
    "FormResult",
    "FormValues",
    "Invalid",
    "Item",
    "Money",
    "RequiredWhen",
    "SalesforceLink",
    "SalesforceRecord",
    "Section",
    "Text",
    "Timing",
    "Users",
    "check_template_files",
    "detect_form",
    "fingerprint",
    "parse_description",
    "parse_sections",
    "pto_window",
    "render",
    "validate",
    "write_templates",
]
