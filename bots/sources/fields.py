"""Which source column feeds which request field; re-exports the value parsers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from bots.sources.parsers import (
    FieldError,
    attendees,
    boolean,
    choice,
    email,
    money,
    opportunity_id,
    parse_date,
    parse_datetime,
    required_text,
    shown,
    text,
    url,
)

__all__ = [
    "DEFAULT_EXPORT_MAPPING",
    "DEFAULT_SALESFORCE_MAPPING",
    "FIELD_NAMES",
    "REQUIRED_FIELDS",
    "FieldError",
    "FieldMapping",
    "attendees",
    "boolean",
    "choice",
    "email",
    "money",
    "opportunity_id",
    "parse_date",
    "parse_datetime",
    "required_text",
    "shown",
    "text",
    "url",
]

# Our field name -> export column header (matches bots/data/sample_requests.csv).
_EXPORT_COLUMNS: dict[str, str | None] = {
    "opportunity_id": "Opportunity ID",
    "opportunity_url": "Opportunity URL",
    "account": "Account Name",
    "opportunity_name": "Opportunity Name",
    "ae_name": "Opportunity Owner",
    "ae_email": "Owner Email",
    "region": "Region",
    "segment": "Segment",
    "stage": "Stage",
    "close_date": "Close Date",
    "net_arr": "Net ARR",
    "subscription": "Subscription Type",
    "requested_at": "SA Request Date",
    "meeting_at": "Meeting Date",
    "meeting_type": "Meeting Type",
    "fast_track": "Fast Track",
    "status": "SA Request Status",
    "scm": "SCM",
    "planning": "Planning",
    "ci_cd": "CI/CD",
    "cloud": "Cloud",
    "deployment": "Deployment",
    "competitors": "Competitors",
    "attendees": "Attendees",
    "use_cases": "Use Cases",
    "why_now": "Why Now",
    "compelling_event": "Compelling Event",
    "metrics": "Metrics",
    "economic_buyer": "Economic Buyer",
    "decision_criteria": "Decision Criteria",
    "decision_process": "Decision Process",
    "paper_process": "Paper Process",
    "identify_pain": "Identify Pain",
    "champion": "Champion",
    "competition": "Competition",
    "sa_judgment": "SA Validated Tech Eval Close Details",
    "named_account": "Named Account",
    "csm_name": "Customer Success Manager",
    "csm_eligible": "CSM Eligible",
    "required_7": "Required 7 Methods Applied",
    "custom_pitch_deck": "Custom Pitch Deck",
    "deep_technical_or_resale": "Deep Technical or Resale",
    "narrow_scope": "Narrowly Scoped Question",
}
# Our field name -> Opportunity field API name (None: derived, e.g. the record's URL).
_SALESFORCE_FIELDS: dict[str, str | None] = {
    "opportunity_id": "Id",
    "opportunity_url": None,
    "account": "Account.Name",
    "opportunity_name": "Name",
    "ae_name": "Owner.Name",
    "ae_email": "Owner.Email",
    "region": "SA_Request_Region__c",
    "segment": "SA_Request_Segment__c",
    "stage": "StageName",
    "close_date": "CloseDate",
    "net_arr": "Net_ARR__c",
    "subscription": "Subscription_Type__c",
    "requested_at": "SA_Request_Submitted_At__c",
    "meeting_at": "SA_Request_Meeting_At__c",
    "meeting_type": "SA_Request_Meeting_Type__c",
    "fast_track": "SA_Request_Fast_Track__c",
    "status": "SA_Request_Status__c",
    "scm": "Command_Plan_SCM__c",
    "planning": "Command_Plan_Planning__c",
    "ci_cd": "Command_Plan_CI_CD__c",
    "cloud": "Command_Plan_Cloud__c",
    "deployment": "Command_Plan_Deployment__c",
    "competitors": "Command_Plan_Competitors__c",
    "attendees": "Command_Plan_Attendees__c",
    "use_cases": "Command_Plan_Use_Cases__c",
    "why_now": "Command_Plan_Why_Now__c",
    "compelling_event": "Command_Plan_Compelling_Event__c",
    "metrics": "MEDDPPICC_Metrics__c",
    "economic_buyer": "MEDDPPICC_Economic_Buyer__c",
    "decision_criteria": "MEDDPPICC_Decision_Criteria__c",
    "decision_process": "MEDDPPICC_Decision_Process__c",
    "paper_process": "MEDDPPICC_Paper_Process__c",
    "identify_pain": "MEDDPPICC_Identify_Pain__c",
    "champion": "MEDDPPICC_Champion__c",
    "competition": "MEDDPPICC_Competition__c",
    "sa_judgment": "SA_Validated_Tech_Eval_Close_Details__c",
    "named_account": "Account.Named_Account__c",
    "csm_name": "Account.Customer_Success_Manager__r.Name",
    "csm_eligible": "Account.CSM_Eligible__c",
    "required_7": "Required_7_Methods_Applied__c",
    "custom_pitch_deck": "Custom_Pitch_Deck__c",
    "deep_technical_or_resale": "Deep_Technical_or_Resale__c",
    "narrow_scope": "SA_Request_Narrowly_Scoped__c",  # our guess: the AE's "narrowly scoped question" tick
}
FIELD_NAMES: tuple[str, ...] = tuple(_EXPORT_COLUMNS)
REQUIRED_FIELDS = frozenset(
    {"opportunity_id", "account", "opportunity_name", "ae_email", "segment", "stage",
     "close_date", "net_arr", "requested_at"}
)  # fmt: skip


@dataclass(frozen=True)
class FieldMapping:
    """Our field name -> source column (or Salesforce API name); None means the source lacks it."""

    columns: Mapping[str, str | None]

    def column(self, field: str) -> str | None:
        """The source column for `field`, or None."""
        return self.columns.get(field)

    def with_overrides(self, overrides: Mapping[str, str | None]) -> FieldMapping:
        """A copy with some fields pointed elsewhere; KeyError names an unknown field."""
        for name in overrides:
            if name not in FIELD_NAMES:
                raise KeyError(name)
        return FieldMapping(MappingProxyType({**self.columns, **overrides}))


DEFAULT_EXPORT_MAPPING = FieldMapping(MappingProxyType(_EXPORT_COLUMNS))
DEFAULT_SALESFORCE_MAPPING = FieldMapping(MappingProxyType(_SALESFORCE_FIELDS))
