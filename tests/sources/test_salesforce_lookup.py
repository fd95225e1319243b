"""Looking requests up by id in Salesforce: one batched queryAll per chunk of ids, verdicts as data."""

from __future__ import annotations

from dataclasses import replace

import pytest
import responses
from responses import matchers

from bots.sources import salesforce_lookup
from bots.sources.lookup import look_up_all
from bots.sources.request import Stage
from bots.sources.salesforce_lookup import lookup_soql
from tests.sources.test_sources_salesforce import (
    ENV,
    HOST,
    LOGIN_OK,
    LOGIN_URL,
    PASSWORD_SOURCE,
    TOKEN_ENV,
    TOKEN_SOURCE,
    page,
    record,
)

QUERY_ALL = f"https://{HOST}/services/data/v59.0/queryAll/"
IDS = ["0068X00001ty2XaQAI", "0068X000016BZNbQAO", "0068X00001rKIRaQAO"]


def test_one_batched_query_all_with_deleted_records_answers_for_every_id() -> None:
    records = [record(IDS[0], StageName="Closed Won"), record(IDS[1], IsDeleted=True),
               record(IDS[2], SA_Request_Status__c=None)]
    with responses.RequestsMock() as sf:
        sf.post(LOGIN_URL, body=LOGIN_OK, status=200)
        sf.get(QUERY_ALL, json=page(records, 3),
               match=[matchers.query_param_matcher({"q": lookup_soql(PASSWORD_SOURCE, sorted(IDS))})])
        found = look_up_all([PASSWORD_SOURCE], ENV, [*IDS, "OPP-1", IDS[0]])
        assert len(sf.calls) == 2  # login, one query: no call per id, none for an export's own id
    assert "WHERE Id IN ('0068X000016BZNbQAO', '0068X00001rKIRaQAO', '0068X00001ty2XaQAI')" in \
        lookup_soql(PASSWORD_SOURCE, sorted(IDS))
    assert found.asked and found.problems == ()
    closed = found.verdicts[IDS[0]]
    assert closed.fate == "found" and closed.request is not None and closed.request.stage is Stage.CLOSED_WON
    assert found.verdicts[IDS[1]].fate == "deleted"
    assert found.verdicts[IDS[2]].status_empty is True
    assert "OPP-1" not in found.verdicts


def test_ids_are_looked_up_in_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(salesforce_lookup, "CHUNK", 2)
    with responses.RequestsMock() as sf:
        sf.post(LOGIN_URL, body=LOGIN_OK, status=200)
        sf.get(QUERY_ALL, json=page([], 0))
        sf.get(QUERY_ALL, json=page([], 0))
        found = look_up_all([PASSWORD_SOURCE], ENV, IDS)
        assert len(sf.calls) == 3  # login, two queries for three ids
    assert found.verdicts == {} and found.asked


def test_a_refused_look_up_is_a_problem_naming_its_key_and_answers_for_no_id() -> None:
    with responses.RequestsMock() as sf:
        sf.post(LOGIN_URL, body=LOGIN_OK, status=200)
        sf.get(QUERY_ALL, status=400, json=[{"errorCode": "INVALID_FIELD", "message": "No such column"}])
        found = look_up_all([PASSWORD_SOURCE], ENV, [*IDS[:1], "OPP-1"])
    (problem,) = found.problems
    assert problem.place == "sa-triage.yml: sources[0]" and "INVALID_FIELD" in problem.message
    assert found.verdicts == {} and found.unanswered == {IDS[0], "OPP-1"}  # the org may know either


def test_a_second_org_answers_what_it_knows_when_the_first_fails() -> None:
    second = replace(TOKEN_SOURCE, label="sources[1]")
    with responses.RequestsMock() as sf:
        sf.post(LOGIN_URL, body=LOGIN_OK, status=200)
        sf.get(QUERY_ALL, status=503, body="Service Unavailable")
        sf.get(QUERY_ALL, json=page([record(IDS[0], StageName="Closed Won")], 1))
        found = look_up_all([PASSWORD_SOURCE, second], {**ENV, **TOKEN_ENV}, IDS[:2])
    assert [p.place for p in found.problems] == ["sa-triage.yml: sources[0]"]
    assert set(found.verdicts) == {IDS[0]} and found.unanswered == {IDS[1]}


def test_nothing_is_asked_without_a_salesforce_source_or_without_ids() -> None:
    assert not look_up_all([], ENV, IDS).asked
    assert look_up_all([PASSWORD_SOURCE], ENV, []).verdicts == {}
