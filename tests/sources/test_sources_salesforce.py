"""Salesforce source against recorded REST/SOAP shapes: login, SOQL sent, pagination, errors."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import requests
import responses
from responses import matchers

from bots.errors import Problem, SaTriageError, UsageError
from bots.sources.fields import DEFAULT_SALESFORCE_MAPPING
from bots.sources.request import Region, Segment, Stage
from bots.sources.salesforce import SalesforceAccessError, build_soql, fetch_requests
from bots.sources.salesforce_source import SalesforceSource

LOGIN_URL = "https://login.salesforce.com/services/Soap/u/59.0"
HOST = "acme-demo.my.salesforce.com"
QUERY_URL = f"https://{HOST}/services/data/v59.0/query/"
NEXT_PATH = "/services/data/v59.0/query/01gRO0000016PIAYA2-2000"
ENV = {"SF_USERNAME": "api@example.com", "SF_PASSWORD": "hunter2-secret", "SF_TOKEN": "tok3nXYZ"}
PASSWORD_SOURCE = SalesforceSource(
    "sources[0]", username_env="SF_USERNAME", password_env="SF_PASSWORD", token_env="SF_TOKEN"
)
TOKEN_SOURCE = SalesforceSource(
    "sources[0]", instance_url_env="SF_INSTANCE_URL", access_token_env="SF_ACCESS_TOKEN"
)
TOKEN_ENV = {"SF_INSTANCE_URL": f"https://{HOST}", "SF_ACCESS_TOKEN": "00Dxx!AQ.session.secret"}

# The partner SOAP API's login response and INVALID_LOGIN fault, as documented by Salesforce.
LOGIN_OK = f"""<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
 xmlns="urn:partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<soapenv:Body><loginResponse><result>
<metadataServerUrl>https://{HOST}/services/Soap/m/59.0/00D000000000001</metadataServerUrl>
<passwordExpired>false</passwordExpired><sandbox>false</sandbox>
<serverUrl>https://{HOST}/services/Soap/u/59.0/00D000000000001</serverUrl>
<sessionId>00D000000000001!AQ4AQFake.Session.Id</sessionId>
<userId>005000000000001AAA</userId>
</result></loginResponse></soapenv:Body></soapenv:Envelope>"""
LOGIN_FAULT = """<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
 xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<soapenv:Body><soapenv:Fault><faultcode>sf:INVALID_LOGIN</faultcode>
<faultstring>INVALID_LOGIN: Invalid username, password, security token; or user locked out.</faultstring>
<detail><sf:LoginFault xsi:type="sf:LoginFault"><sf:exceptionCode>INVALID_LOGIN</sf:exceptionCode>
<sf:exceptionMessage>Invalid username, password, security token; or user locked out.</sf:exceptionMessage>
</sf:LoginFault></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>"""


def record(opportunity_id: str, **overrides: Any) -> dict[str, Any]:
    """An Opportunity record as the REST query resource returns it (relationships nested)."""
    base: dict[str, Any] = {
        "attributes": {"type": "Opportunity",
                       "url": f"/services/data/v59.0/sobjects/Opportunity/{opportunity_id}"},
        "Id": opportunity_id,
        "Name": "Kestrel - Ultimate POC",
        "Account": {"attributes": {"type": "Account"}, "Name": "Kestrel Maschinenbau GmbH",
                    "Named_Account__c": True},
        "Owner": {"attributes": {"type": "User"}, "Name": "Lukas Weber",
                  "Email": "lukas.weber@example.com"},
        "SA_Request_Region__c": "EMEA",
        "SA_Request_Segment__c": "Mid-Market Named",
        "StageName": "3-Technical Evaluation",
        "CloseDate": "2027-01-29",
        "Net_ARR__c": 96000.5,
        "Subscription_Type__c": "Self-Managed",
        "SA_Request_Submitted_At__c": "2026-11-02T08:15:00.000+0000",
        "SA_Request_Meeting_At__c": None,
        "SA_Request_Meeting_Type__c": "Technical Deep Dive",
        "SA_Request_Fast_Track__c": False,
        "SA_Request_Status__c": "Open",
        "Command_Plan_Attendees__c": "Marta Nowak (CTO)\nBen Otieno (DevOps Engineer)",
        "Command_Plan_Why_Now__c": "Atlassian Server end of life",
        "SA_Validated_Tech_Eval_Close_Details__c": "[GREEN] POC pipelines green",
    }  # fmt: skip
    return base | overrides


def page(records: list[dict[str, Any]], total: int, next_url: str | None = None) -> dict[str, Any]:
    """One page of a query response; `nextRecordsUrl` when more pages follow."""
    body: dict[str, Any] = {"totalSize": total, "done": next_url is None, "records": records}
    if next_url:
        body["nextRecordsUrl"] = next_url
    return body


@pytest.fixture
def sf() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


IDS = ["0068X00001ty2XaQAI", "0068X000016BZNbQAO", "0068X00001rKIRaQAO"]


def test_password_login_reads_every_page_of_one_soql_query(sf: responses.RequestsMock) -> None:
    soql = build_soql(DEFAULT_SALESFORCE_MAPPING, None)
    sf.post(LOGIN_URL, body=LOGIN_OK, status=200)
    sf.get(QUERY_URL, json=page([record(IDS[0]), record(IDS[1], StageName="4-Proposal")], 3,
                                NEXT_PATH),
           match=[matchers.query_param_matcher({"q": soql})])  # fmt: skip
    sf.get(f"https://{HOST}{NEXT_PATH}", json=page([record(IDS[2], CloseDate="12/18/2026")], 3))

    result = fetch_requests(PASSWORD_SOURCE, ENV)

    assert len(sf.calls) == 3  # login + 2 pages, nothing else
    assert "<n1:username>api@example.com</n1:username>" in str(sf.calls[0].request.body)
    assert result.problems == ()
    assert [r.opportunity_id for r in result.requests] == IDS
    first = result.requests[0]
    assert first.account == "Kestrel Maschinenbau GmbH" and first.named_account is True
    assert first.ae_email == "lukas.weber@example.com"
    assert (first.region, first.segment, first.stage) == (
        Region.EMEA, Segment.NAMED, Stage.TECHNICAL_EVALUATION
    )  # fmt: skip
    assert first.net_arr == Decimal("96000.50")
    assert first.opportunity_url == f"https://{HOST}/lightning/r/Opportunity/{IDS[0]}/view"
    assert [a.title for a in first.command_plan.attendees] == ["CTO", "DevOps Engineer"]
    assert result.requests[1].stage is Stage.PROPOSAL


def test_the_soql_selects_every_mapped_field_once_and_filters_server_side() -> None:
    soql = build_soql(DEFAULT_SALESFORCE_MAPPING, None)
    assert soql.startswith("SELECT Id, Account.Name, Name, Owner.Name, Owner.Email, ")
    assert soql.endswith(" FROM Opportunity WHERE SA_Request_Status__c != null ORDER BY Id")
    assert soql.count("Id,") == 1 and "Command_Plan_Why_Now__c" in soql
    mapping = DEFAULT_SALESFORCE_MAPPING.with_overrides({"fast_track": "SA_Fast_Track__c"})
    custom = build_soql(mapping, "SA_Request_Status__c = 'Open'")
    assert "SA_Fast_Track__c" in custom and "SA_Request_Fast_Track__c" not in custom
    assert custom.endswith("WHERE SA_Request_Status__c = 'Open' ORDER BY Id")


def test_bad_records_are_reported_and_the_rest_flow(sf: responses.RequestsMock) -> None:
    sf.post(LOGIN_URL, body=LOGIN_OK, status=200)
    sf.get(QUERY_URL, json=page([record(IDS[0], SA_Request_Segment__c="Enterprise"),
                                 record(IDS[1], Account=None)], 2))  # fmt: skip
    result = fetch_requests(PASSWORD_SOURCE, ENV)
    assert result.requests == ()
    assert result.problems == (
        Problem(
            f"salesforce Opportunity {IDS[0]}",
            "segment: unknown segment 'Enterprise' (expected First Order, Named, Territory or SMB)",
        ),
        Problem(f"salesforce Opportunity {IDS[1]}", "account: missing"),
    )
    assert result.rejected_ids == set(IDS[:2])


def test_bad_credentials_give_a_clear_usage_error_without_secrets(
    sf: responses.RequestsMock,
) -> None:
    sf.post(LOGIN_URL, body=LOGIN_FAULT, status=500)
    with pytest.raises(UsageError) as error:
        fetch_requests(PASSWORD_SOURCE, ENV)
    assert isinstance(error.value, SalesforceAccessError)
    text = str(error.value)
    assert text == (
        "Salesforce login failed for the credentials in SF_USERNAME: INVALID_LOGIN: "
        "Invalid username, password, security token; or user locked out."
    )
    assert "hunter2" not in text and "tok3n" not in text
    assert error.value.__cause__ is None and error.value.__suppress_context__
    assert len(sf.calls) == 1


def test_an_expired_access_token_is_a_usage_error_without_the_token(
    sf: responses.RequestsMock,
) -> None:
    sf.get(QUERY_URL, status=401,
           json=[{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}])  # fmt: skip
    with pytest.raises(SalesforceAccessError) as error:
        fetch_requests(TOKEN_SOURCE, TOKEN_ENV)
    assert str(error.value) == (
        "Salesforce query failed (HTTP 401): INVALID_SESSION_ID: Session expired or invalid"
    )
    assert sf.calls[0].request.headers["Authorization"] == "Bearer 00Dxx!AQ.session.secret"
    assert len(sf.calls) == 1


def test_a_malformed_query_reports_salesforce_error_code(sf: responses.RequestsMock) -> None:
    source = SalesforceSource(
        "sources[0]", instance_url_env="SF_INSTANCE_URL", access_token_env="SF_ACCESS_TOKEN",
        mapping=DEFAULT_SALESFORCE_MAPPING.with_overrides({"region": "No_Such_Field__c"}),
    )  # fmt: skip
    body = [{"message": "No such column 'No_Such_Field__c' on entity 'Opportunity'.",
             "errorCode": "INVALID_FIELD"}]  # fmt: skip
    sf.get(QUERY_URL, status=400, json=body)
    with pytest.raises(SalesforceAccessError, match=r"HTTP 400\): INVALID_FIELD: No such column"):
        fetch_requests(source, TOKEN_ENV)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SF_USERNAME": "u", "SF_TOKEN": ""}, "SF_PASSWORD (password_env) is not set"),
        ({"SF_USERNAME": "u", "SF_PASSWORD": ""}, "SF_PASSWORD (password_env) is not set"),
        ({"SF_USERNAME": "u", "SF_PASSWORD": "p"}, "SF_TOKEN (token_env) is not set"),
    ],
)
def test_missing_environment_variables_are_named(env: dict[str, str], message: str) -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        with pytest.raises(UsageError) as error:
            fetch_requests(PASSWORD_SOURCE, env)
        assert str(error.value) == f"sources[0]: environment variable {message}"
        assert len(mock.calls) == 0


def test_an_empty_security_token_is_allowed(sf: responses.RequestsMock) -> None:
    sf.post(LOGIN_URL, body=LOGIN_OK, status=200)
    sf.get(QUERY_URL, json=page([], 0))
    assert fetch_requests(PASSWORD_SOURCE, {**ENV, "SF_TOKEN": ""}).requests == ()


def test_config_objects_hold_variable_names_not_credentials() -> None:
    shown = repr(PASSWORD_SOURCE) + repr(TOKEN_SOURCE)
    assert "SF_PASSWORD" in shown
    assert all(secret not in shown for secret in [*ENV.values(), *TOKEN_ENV.values()])


def test_network_failures_are_reported_without_secrets(sf: responses.RequestsMock) -> None:
    sf.post(LOGIN_URL, body=requests.ConnectionError("connection refused"))
    with pytest.raises(SaTriageError, match="Salesforce login unreachable: connection refused"):
        fetch_requests(PASSWORD_SOURCE, ENV)
    sf.post(LOGIN_URL, body=LOGIN_OK, status=200)
    sf.get(QUERY_URL, body=requests.ConnectionError("reset by peer"))
    with pytest.raises(SaTriageError, match="Salesforce query failed: reset by peer"):
        fetch_requests(PASSWORD_SOURCE, ENV)


def test_an_outage_is_not_a_usage_error_and_its_body_is_shortened(sf: responses.RequestsMock) -> None:
    sf.get(QUERY_URL, status=503, body="<html>Service Unavailable</html>" + "x" * 1000)
    with pytest.raises(SaTriageError) as error:
        fetch_requests(TOKEN_SOURCE, TOKEN_ENV)
    assert not isinstance(error.value, UsageError)  # an outage, not bad config or credentials
    assert str(error.value).startswith(
        "Salesforce query failed (HTTP 503): <html>Service Unavailable</html>xxx"
    )
    assert len(str(error.value)) < 600
