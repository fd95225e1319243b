"""Issue forms: one definition per issue template yields both its Markdown and its validation."""

from bots.issue_templates.checklists import Checklist, Choice, Item
from bots.issue_templates.definitions import (
    EPHEMERAL_SLACK_CHANNEL,
    FORMS,
    ON_SITE_REQUEST,
    PTO_COVERAGE,
    SA_HANDOFF,
    SA_REQUEST,
    detect_form,
)
from bots.issue_templates.extract import fingerprint, pto_window
from bots.issue_templates.fields import (
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
from bots.issue_templates.model import CrossCheck, FieldSpec, FormDefinition, RequiredWhen
from bots.issue_templates.money import Money
from bots.issue_templates.parse import Section, parse_description, parse_sections
from bots.issue_templates.salesforce import SalesforceRecord
from bots.issue_templates.template import (
    TEMPLATE_DIRECTORY,
    check_template_files,
    render,
    write_templates,
)
from bots.issue_templates.validate import Finding, FindingKind, FormResult, FormValues, validate

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
