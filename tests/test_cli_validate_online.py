"""`sa-triage validate --online`: the token's scopes and role, and the Salesforce fields, against
mocked HTTP (`responses`: an unregistered request fails the test)."""

import pytest

from bots.cli import main
from bots.sources.fields import DEFAULT_SALESFORCE_MAPPING
from tests.factories import copy_repo

URL = "http://gitlab.test"
API = f"{URL}/api/v4"
TOKEN = "glpat-online-secret"
PROJECT = f"{API}/projects/commercial%2Ftriage"
BOT = {"id": 7, "username": "sa-triage-bot", "name": "SA Triage Bot"}
HOST = "acme.my.salesforce.com"
DESCRIBE = f"https://{HOST}/services/data/v59.0/sobjects"
SF_ENV = {"SF_INSTANCE_URL": f"https://{HOST}", "SF_ACCESS_TOKEN": "00Dxx!AQ.session.secret"}


@pytest.fixture
def repo(tmp_path, monkeypatch):
    repo = copy_repo(tmp_path)
    monkeypatch.setenv("GITLAB_URL", URL)
    monkeypatch.setenv("GITLAB_TOKEN", TOKEN)
    for name, value in SF_ENV.items():
        monkeypatch.setenv(name, value)
    return repo


def run(repo):
    with pytest.raises(SystemExit) as e:
        main(["--config", str(repo / "sa-triage.yml"), "validate", "--online"])
    return e.value.code


def gitlab(rsps, scopes=("api",), level=40, expires="2099-01-01"):
    rsps.get(f"{API}/user", json=BOT)
    rsps.get(PROJECT, json={"id": 5, "path_with_namespace": "commercial/triage"})
    rsps.get(f"{API}/personal_access_tokens/self",
             json={"id": 3, "name": "sa-triage", "scopes": list(scopes), "expires_at": expires})
    if level:
        rsps.get(f"{API}/projects/5/members/all/7", json={"id": 7, "username": "sa-triage-bot",
                                                           "access_level": level})
    else:
        rsps.get(f"{API}/projects/5/members/all/7", status=404, json={"message": "404 Not found"})


def with_salesforce(repo):
    cfg = repo / "sa-triage.yml"
    text = cfg.read_text()
    text = text.replace("  - kind: csv\n    path: bots/data/sample_requests.csv\n",
                        "  - {kind: salesforce, instance_url_env: SF_INSTANCE_URL, access_token_env: "
                        "SF_ACCESS_TOKEN, fields: {fast_track: SA_Fast_Track__c}}\n  - kind: csv\n"
                        "    path: bots/data/sample_requests.csv\n")
    cfg.write_text(text)


def describe(fields, relationships=()):
    out = [{"name": name, "relationshipName": None, "referenceTo": []} for name in fields]
    out += [{"name": f"{rel}Id", "relationshipName": rel, "referenceTo": [target]}
            for rel, target in relationships]
    return {"name": "x", "fields": out}


def opportunity_fields():
    plain = {c for c in DEFAULT_SALESFORCE_MAPPING.columns.values() if c and "." not in c}
    return plain - {"SA_Request_Fast_Track__c"} | {"SA_Fast_Track__c"}


def test_a_token_with_api_and_maintainer_passes_in_four_gets(repo, rsps, capsys):
    gitlab(rsps)
    assert run(repo) == 0
    out = capsys.readouterr().out
    assert ("ok: http://gitlab.test project commercial/triage as @sa-triage-bot (Maintainer, scopes api)"
            in out)
    assert len(rsps.calls) == 4 and all(c.request.method == "GET" for c in rsps.calls)
    assert TOKEN not in out


def test_read_api_and_developer_are_both_reported(repo, rsps, capsys):
    gitlab(rsps, scopes=("read_api",), level=30, expires="2000-01-01")
    assert run(repo) == 2
    out = capsys.readouterr().out
    assert "error: GITLAB_TOKEN: scopes read_api; the bots need 'api'" in out
    assert "error: GITLAB_TOKEN: Developer on commercial/triage; the bots need Maintainer" in out
    assert "warning: GITLAB_TOKEN expires on 2000-01-01: rotate it soon" in out


def test_a_token_whose_user_is_no_member_has_no_role(repo, rsps, capsys):
    gitlab(rsps, level=0)
    assert run(repo) == 2
    assert "error: GITLAB_TOKEN: no role on commercial/triage" in capsys.readouterr().out


def test_every_mapped_salesforce_field_is_looked_up_through_its_relationships(repo, rsps, capsys):
    with_salesforce(repo)
    gitlab(rsps)
    rsps.get(f"{DESCRIBE}/Opportunity/describe",
             json=describe(opportunity_fields(), [("Account", "Account"), ("Owner", "User")]))
    rsps.get(f"{DESCRIBE}/Account/describe", json=describe(
        {"Name", "Named_Account__c", "CSM_Eligible__c"}, [("Customer_Success_Manager__r", "User")]))
    rsps.get(f"{DESCRIBE}/User/describe", json=describe({"Name", "Email"}))
    assert run(repo) == 0, capsys.readouterr().out
    assert "ok: every mapped Salesforce field exists on Opportunity" in capsys.readouterr().out
    assert len(rsps.calls) == 4 + 3  # one describe() per object, not per field


def test_missing_salesforce_fields_are_each_named(repo, rsps, capsys):
    with_salesforce(repo)
    gitlab(rsps)
    rsps.get(f"{DESCRIBE}/Opportunity/describe",
             json=describe(opportunity_fields() - {"Net_ARR__c", "SA_Fast_Track__c"}, [("Owner", "User")]))
    rsps.get(f"{DESCRIBE}/User/describe", json=describe({"Name"}))
    assert run(repo) == 2
    found = [x for x in capsys.readouterr().out.splitlines() if x.startswith("error: ")]
    cfg = repo / "sa-triage.yml"
    assert found == [
        f"error: {cfg}: sources[0].fields.account: Account.Name (Opportunity has no relationship 'Account')",
        f"error: {cfg}: sources[0].fields.ae_email: Owner.Email (no field 'Email' on User)",
        f"error: {cfg}: sources[0].fields.net_arr: Net_ARR__c (no field 'Net_ARR__c' on Opportunity)",
        f"error: {cfg}: sources[0].fields.fast_track: SA_Fast_Track__c (no field 'SA_Fast_Track__c' on "
        "Opportunity)",
        f"error: {cfg}: sources[0].fields.named_account: Account.Named_Account__c (Opportunity has no "
        "relationship 'Account')",
        f"error: {cfg}: sources[0].fields.csm_name: Account.Customer_Success_Manager__r.Name (Opportunity "
        "has no relationship 'Account')",
        f"error: {cfg}: sources[0].fields.csm_eligible: Account.CSM_Eligible__c (Opportunity has no "
        "relationship 'Account')",
    ]
    assert SF_ENV["SF_ACCESS_TOKEN"] not in capsys.readouterr().out


def test_online_asks_nothing_while_the_files_have_problems(repo, rsps, capsys):
    cfg = repo / "sa-triage.yml"
    cfg.write_text(cfg.read_text().replace("board:\n", "bord: {}\nboard:\n", 1))
    assert run(repo) == 2 and len(rsps.calls) == 0
    assert "bord: unknown key (did you mean 'board'?)" in capsys.readouterr().out
