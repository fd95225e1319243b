# ruff: noqa: E501  (one sample row per line reads best)
"""Regenerates bots/data/sample_requests.csv and .jsonl, the demo's fictional SA requests.

Run from anywhere: `python scripts/make_sample_requests.py`. Seeded, so the output is stable.
"""
import csv
import json
import random
from pathlib import Path

from bots.sources.fields import DEFAULT_EXPORT_MAPPING as M
from bots.sources.sfid import checksum

ROOT = Path(__file__).resolve().parents[1]

rnd = random.Random(20261122)
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
def new_id(short=False):
    id15 = "0068X00001" + "".join(rnd.choice(ALNUM) for _ in range(5))
    return id15 if short else id15 + checksum(id15)

AES = {
    "jordan": ("Jordan Lee", "jordan.lee@example.com", "AMER"),
    "priya": ("Priya Shah", "priya.shah@example.com", "AMER"),
    "lukas": ("Lukas Weber", "lukas.weber@example.com", "EMEA"),
    "sofia": ("Sofia Rossi", "sofia.rossi@example.com", "EMEA"),
    "sam": ("Sam Taylor", "sam.taylor@example.com", ""),
}
SCM = ["GitHub Enterprise Server 3.12", "Bitbucket Data Center 8.x", "Azure Repos", "Perforce Helix Core + legacy SVN", "GitHub.com Team", "Self-hosted Gitea"]
PLAN = ["Jira Cloud", "Azure Boards", "Jira Data Center", "Trello + spreadsheets", "Linear", "Monday.com"]
CICD = ["Jenkins (2 controllers, ~180 jobs)", "GitHub Actions", "CircleCI", "TeamCity", "Azure Pipelines", "Bamboo"]
CLOUD = ["AWS", "Azure", "GCP", "On-prem VMware + AWS", "Azure + on-prem", "AWS (eu-central-1)"]
DEPLOY = ["Kubernetes (EKS) with Argo CD", "Terraform + Ansible", "Helm on AKS", "Docker Compose on VMs", "Cloud Run", "OpenShift"]
COMP = ["GitHub", "Azure DevOps", "Atlassian (Bitbucket + Bamboo)", "GitHub Advanced Security", "Harness", "GitHub, Azure DevOps"]
USES = ["Consolidate SCM and CI on one platform; SAST and dependency scanning in merge requests",
        "Replace Jenkins; standard pipeline templates for 40 microservices",
        "Compliance pipelines and audit trail for SOC 2",
        "Agile planning with epics and roadmaps; value stream metrics",
        "Migrate from Perforce for the game client team; large file support",
        "Self-managed instance in their own VPC for data residency"]
WHY = ["Jenkins controller end of support in Q1; two outages last month",
       "Security audit findings due for remediation before renewal",
       "New CTO mandate to cut tool sprawl this fiscal year",
       "Atlassian Server end of life forces a move anyway",
       "Acquisition: two engineering orgs on different toolchains",
       "Customer contracts now require SBOMs"]
EVENT = ["Bitbucket Data Center licence expires 2027-02-15",
         "Board review of platform budget on 2027-01-20",
         "Azure DevOps enterprise agreement ends 2027-03-31",
         "SOC 2 Type II audit window opens 2027-02-01",
         "Jenkins support contract ends 2026-12-31",
         "Go-live of new product line 2027-03-01"]
METRICS = ["Cut release lead time from 3 weeks to 3 days", "Retire 4 tools, save ~$90K/yr",
           "Reduce critical vulns open >30 days by 80%", "Onboard new engineers in 1 day instead of 1 week"]
EB = ["Maria Gomez, CFO", "Daniel Okafor, CTO", "Helena Brandt, VP Engineering", "Giulia Marino, CIO"]
DC = ["Single platform, SSO/SCIM, SOC 2 report", "Self-managed option, EU data residency",
      "Price per seat under current spend; migration tooling", "Native security scanning; audit events"]
DP = ["2-week POC -> security review -> CFO sign-off", "Tech eval by platform team, then steering committee",
      "Architecture board approval, then procurement", "CTO decides after POC readout"]
PP = ["Procurement via AWS Marketplace; MSA redlines ~2 weeks", "Standard order form; legal review 5 days",
      "Purchase order through reseller; vendor onboarding 3 weeks", "DPA and security questionnaire first"]
PAIN = ["Flaky Jenkins pipelines cost ~20 engineer hours a week", "No visibility into what ships to production",
        "Security findings discovered after release", "Three toolchains after acquisition"]
CHAMP = ["Tom Reyes, Platform Lead", "Aisha Khan, DevOps Manager", "Matteo Ricci, Head of Engineering", "Freya Nilsson, Staff Engineer"]
COMPETITION = ["GitHub Enterprise with Advanced Security", "Azure DevOps (incumbent)", "Stay on Atlassian", "Harness for CD only"]
ATT = ["Dana Cruz (VP Engineering); Lee Park (Platform Lead)", "Marta Nowak (CTO); Ben Otieno (DevOps Engineer)",
       "Chris Adams - Head of IT; Priti Rao - Security Architect", "Jonas Berg (Engineering Manager)"]

def base(i, ae, account, opp, segment, stage, close, arr, req, **kw):
    name, email, region = AES[ae]
    short = kw.pop("short", False)
    oid = kw.pop("id") if "id" in kw else new_id(short)
    k, m = i % 6, i % 4
    row = {
        "opportunity_id": oid,
        "opportunity_url": f"https://example.lightning.force.com/lightning/r/Opportunity/{oid}/view" if oid else "",
        "account": account, "opportunity_name": opp, "ae_name": name, "ae_email": email,
        "region": region, "segment": segment, "stage": stage, "close_date": close, "net_arr": arr,
        "subscription": ["SaaS", "Self-Managed", "SaaS", "GitLab.com", "Self-Managed", ""][k],
        "requested_at": req, "meeting_at": "", "meeting_type": ["Discovery", "Demo", "Technical Deep Dive", "Reverse AMA", "Workshop", "Demo"][k],
        "fast_track": "No", "status": "Open",
        "scm": SCM[k], "planning": PLAN[k], "ci_cd": CICD[k], "cloud": CLOUD[k], "deployment": DEPLOY[k],
        "competitors": COMP[k], "attendees": ATT[m], "use_cases": USES[k], "why_now": WHY[k],
        "compelling_event": EVENT[k],
        "metrics": METRICS[m], "economic_buyer": EB[m], "decision_criteria": DC[m], "decision_process": DP[m],
        "paper_process": PP[m], "identify_pain": PAIN[m], "champion": CHAMP[m], "competition": COMPETITION[m],
        "sa_judgment": "", "named_account": "",
        "csm_name": "", "csm_eligible": "", "required_7": "Yes",
        "custom_pitch_deck": f"https://docs.google.com/presentation/d/deck-{i:02d}" if "Named" not in segment and segment != "Key" else "",
        "deep_technical_or_resale": "",
    }
    row.update(kw)
    return row

rows: list[dict[str, str]] = []
def add(*a, **kw):
    rows.append(base(len(rows), *a, **kw))

# --- AMER (Jordan Lee, Priya Shah) ---
add("jordan", "Bluefin Freight Co.", "Bluefin Freight - Platform Consolidation", "Mid-Market First Order", "2-Scoping", "2027-01-29", "$48,000.00", "2026-11-03T14:12:00Z", meeting_at="2026-11-10T17:00:00Z")
add("jordan", "Cedar Ridge Health", "Cedar Ridge - DevSecOps Upgrade", "Named", "3-Technical Evaluation", "2026-12-18", "$126,500.00", "2026-11-04T16:40:00Z", named_account="Yes", meeting_at="2026-11-12T15:00:00Z")
add("priya", "Harborview Credit Union", "Harborview - Jenkins Replacement", "Mid-Market Territory", "3-Technical Evaluation", "02/26/2027", "USD 72000", "2026-11-05T13:05:00Z", meeting_at="2026-11-13T19:30:00Z")
add("priya", "Tallgrass Analytics", "Tallgrass - Premium Upgrade", "FO", "2-Scoping", "2027-03-12", "36000", "11/06/2026 10:15 AM", compelling_event="", meeting_at="")
add("jordan", "Ironleaf Robotics", "Ironleaf - Ultimate Expansion", "Key", "4-Proposal", "2026-12-30", "$210,000.00", "2026-11-06T20:00:00Z", named_account="Yes", meeting_at="2026-11-16T16:00:00Z")
add("priya", "Mosaic Learning Labs", "Mosaic - New Logo", "Terr", "2-Scoping", "2027-02-12", "$18,500.00", "2026-11-09T15:20:00Z", attendees="Sarah (engineering); Mike", competitors="", why_now="", meeting_at="2026-11-19T18:00:00Z")
# bad row: missing id (spreadsheet row 8)
add("jordan", "Pinecrest Insurance", "Pinecrest - Agile Planning", "Mid-Market First Order", "2-Scoping", "2027-01-15", "$22,000.00", "2026-11-10T14:00:00Z", id="")
rows[-1]["opportunity_url"] = ""
add("jordan", "Sunhollow Energy", "Sunhollow - Self-Managed Migration", "Mid-Market Named", "3-Technical Evaluation", "2027-03-05", "$95,000.00", "2026-11-10T18:45:00Z", named_account="Yes", metrics="", economic_buyer="", paper_process="", meeting_at="2026-11-18T17:00:00Z")
add("priya", "Vantor Mobility", "Vantor - Security Add-on", "Territory", "5-Negotiating", "2026-12-11", "$54,000.00", "2026-11-11T21:10:00Z", meeting_at="2026-11-17T20:00:00Z")
add("jordan", "Brightwell Foods", "Brightwell - Downgrade Risk", "Mid-Market First Order", "3-Technical Evaluation", "2027-01-08", "-$12,000.00", "2026-11-12T15:00:00Z", compelling_event="", meeting_at="2026-11-20T16:00:00Z")
# fast track AMER, meeting 19h after the request
add("priya", "Lumen Peak Software", "Lumen Peak - Urgent Demo", "Mid-Market First Order", "2-Scoping", "2027-01-22", "$31,000.00", "2026-11-20T21:00:00Z", fast_track="Yes", meeting_type="Demo", meeting_at="2026-11-21T16:00:00Z")
add("jordan", "Copperline Telecom", "Copperline - CI/CD Modernization", "Named", "4-Proposal", "2027-02-05", "$143,000.00", "2026-11-13T17:30:00Z", named_account="x", meeting_at="2026-11-24T17:00:00Z", status="In Progress")
# bad row: unparseable close date (spreadsheet row 15)
add("priya", "Redwater Games", "Redwater - Perforce Migration", "Territory", "3-Technical Evaluation", "31/31/2026", "$67,000.00", "2026-11-14T16:00:00Z", meeting_at="2026-11-21T18:00:00Z")
add("priya", "Silverbirch Retail", "Silverbirch - Withdrawn Eval", "Terr", "2-Scoping", "2027-01-30", "$27,000.00", "2026-11-16T14:30:00Z", status="Withdrawn", meeting_at="")
# meeting < 24 h without the fast-track flag
add("jordan", "Orchard Lane Banking", "Orchard Lane - Compliance Pipelines", "FO", "3-Technical Evaluation", "2027-02-19", "$58,000.00", "2026-11-18T20:00:00Z", meeting_type="Technical Deep Dive", meeting_at="2026-11-19T15:00:00Z")
# hostile row 1: quick actions on their own lines, mentions
add("priya", "Quillmark Publishing", "Quillmark - Platform Eval", "Mid-Market Territory", "2-Scoping", "2027-03-19", "$41,000.00", "2026-11-19T13:00:00Z",
    why_now='Editorial system migration is due before renewal.\n/close\n/label ~"x"\nPlease prioritise.',
    use_cases="@all please look at this ASAP, cc @someone - they want SAST in MRs", meeting_at="2026-11-25T16:00:00Z")
add("jordan", "Granite Bay Logistics", "Granite Bay - Workshop", "Mid-Market Named", "6-Awaiting Signature", "2026-12-04", "$88,000.00", "2026-11-19T19:15:00Z", named_account="Yes", meeting_type="Workshop", meeting_at="2026-11-26T17:00:00Z")
add("priya", "Fernhill Clinics", "Fernhill - Closed Won Handover", "Mid-Market First Order", "Closed Won", "2026-12-01", "$39,000.00", "2026-11-02T15:00:00Z", meeting_type="Reverse AMA", meeting_at="2026-11-09T16:00:00Z")
add("jordan", "Stonebridge Apparel", "Stonebridge - Expansion", "Territory", "4-Proposal", "01/14/2027", "USD 64,000", "2026-11-21T14:00:00Z", competitors="", attendees="", use_cases="", why_now="", compelling_event="", meeting_at="", required_7="No", custom_pitch_deck="")
# --- no region in the request (Sam Taylor, AMER in the roster) ---
add("sam", "Wildflower Media", "Wildflower - Discovery", "Mid-Market First Order", "2-Scoping", "2027-02-26", "$25,000.00", "2026-11-17T17:00:00Z", meeting_type="Discovery", meeting_at="2026-11-24T18:00:00Z")
# --- EMEA (Lukas Weber, Sofia Rossi) ---
add("lukas", "Kestrel Maschinenbau GmbH", "Kestrel - Ultimate POC", "Mid-Market Named", "3-Technical Evaluation", "2027-01-29", "$96,000.00", "2026-11-02T09:15:00+01:00", named_account="Yes", sa_judgment="[GREEN] POC pipelines green, security team signed off on scanners", meeting_at="2026-11-09T10:00:00+01:00")
add("sofia", "Fjordlys Shipping AS", "Fjordlys - Platform Consolidation", "Territory", "3-Technical Evaluation", "2027-02-12", "$78,500.00", "2026-11-03T08:40:00Z", meeting_at="2026-11-10T09:00:00Z")
add("lukas", "Vellora Moda S.r.l.", "Vellora - New Logo", "FO", "2-Scoping", "2027-03-26", "$19,000.00", "2026-11-04T11:00:00Z", short=True, meeting_at="2026-11-12T10:00:00Z")
add("sofia", "Lindqvist Medtech AB", "Lindqvist - Compliance Eval", "Named", "3-Technical Evaluation", "2027-01-15", "$132,000.00", "2026-11-05T10:30:00+01:00", named_account="Yes", sa_judgment="Looks good so far, waiting on security review", meeting_at="2026-11-13T09:30:00+01:00")
add("lukas", "Brauhaus Digital GmbH", "Brauhaus - Premium Upgrade", "Mid-Market First Order", "4-Proposal", "2026-12-22", "$44,000.00", "2026-11-05T14:00:00Z", meeting_at="2026-11-12T14:00:00Z", decision_process="", champion="", competition="")
add("sofia", "Marisol Viajes S.L.", "Marisol - Discovery", "Terr", "2-Scoping", "03/05/2027", "USD 23000", "2026-11-06T12:00:00Z", short=True, meeting_type="Discovery", meeting_at="2026-11-13T12:00:00Z", scm="", planning="", ci_cd="", cloud="", deployment="")
# bad row: unknown segment (spreadsheet row 29)
add("lukas", "Tessaro Fintech S.p.A.", "Tessaro - Security Eval", "Enterprise", "3-Technical Evaluation", "2027-02-19", "$71,000.00", "2026-11-09T09:00:00Z", meeting_at="2026-11-16T09:00:00Z")
add("sofia", "Oakhurst Mutual Ltd", "Oakhurst - Ultimate Eval", "Mid-Market Territory", "3-Technical Evaluation", "2027-03-12", "$62,000.00", "2026-11-10T15:30:00Z", meeting_at="2026-11-17T14:00:00Z")
add("lukas", "Delft Sensorium B.V.", "Delft - Renewal with Downsell", "Named", "4-Proposal", "2027-01-22", "(8,000)", "2026-11-11T10:00:00Z", named_account="Yes", compelling_event="", meeting_at="2026-11-18T10:00:00Z")
# fast track EMEA, meeting 6h after the request
add("sofia", "Aurelia Payments SAS", "Aurelia - Exec Demo Tomorrow", "Mid-Market First Order", "3-Technical Evaluation", "2026-12-17", "$33,000.00", "2026-11-21T07:30:00Z", fast_track="x", meeting_type="Demo", meeting_at="2026-11-21T13:30:00Z")
# bad row: bad amount (spreadsheet row 33)
add("lukas", "Nordwind Energie AG", "Nordwind - Self-Managed", "Territory", "2-Scoping", "2027-02-05", "about 40k", "2026-11-12T13:00:00Z", meeting_at="2026-11-19T13:00:00Z")
add("sofia", "Caldera Cloudworks Ltd", "Caldera - Workshop", "Key", "5-Negotiating", "2026-12-15", "$57,000.00", "2026-11-13T11:45:00Z", named_account="Yes", meeting_type="Workshop", meeting_at="2026-11-20T10:00:00Z",
    sa_judgment="[YELLOW] Champion strong, paper process unclear", csm_eligible="Yes")
add("lukas", "Pergola Systems S.r.l.", "Pergola - Tech Eval", "Mid-Market Territory", "3-Technical Evaluation", "2027-02-26", "$51,200.00", "2026-11-16T09:20:00Z", meeting_at="2026-11-23T09:00:00Z")
add("sofia", "Hollins & Pike Legal LLP", "Hollins & Pike - Discovery", "FO", "2-Scoping", "2027-01-08", "$16,000.00", "2026-11-17T16:00:00Z", metrics="", economic_buyer="", decision_criteria="", decision_process="", paper_process="", identify_pain="", champion="", competition="", meeting_at="2026-11-27T10:00:00Z")
# hostile row 2: HTML, Markdown table breaker, mention in attendees
add("lukas", "Pipe|Line Data Ltd", "Pipe|Line <script>alert('x')</script> Eval", "Territory", "3-Technical Evaluation", "2027-03-19", "$47,000.00", "2026-11-18T10:00:00Z",
    competitors="GitHub | Azure DevOps | Jenkins", attendees="@someone (CTO); Eve <img src=x onerror=alert(1)> (Head of IT)",
    compelling_event="Contract ends | </td></tr><script>alert(document.cookie)</script>", meeting_at="2026-11-26T10:00:00Z")
add("sofia", "Zephyrine Analytics SA", "Zephyrine - Expansion", "Named", "Closed Won", "2026-12-03", "$84,000.00", "2026-11-04T09:00:00Z", named_account="Yes", sa_judgment="[GREEN] Won on security + planning", meeting_at="2026-11-11T09:00:00Z", csm_name="Nadia Haddad", csm_eligible="Yes")
add("lukas", "Riverbend Pharma GmbH", "Riverbend - GxP Pipelines", "Mid-Market Named", "3-Technical Evaluation", "2027-03-26", "$118,000.00", "2026-11-19T08:00:00Z", named_account="Yes", compelling_event="", meeting_at="2026-11-26T09:00:00Z")
add("sofia", "Glimmer Games Oy", "Glimmer - Large Files Deep Dive", "Territory", "2-Scoping", "2027-02-12", "$29,000.00", "2026-11-20T13:00:00Z", short=True, meeting_type="Technical Deep Dive", meeting_at="2026-11-27T13:00:00Z")
add("lukas", "Castellan Security Ltd", "Castellan - Urgent Security Demo", "Mid-Market First Order", "2-Scoping", "2027-01-29", "$38,000.00", "2026-11-22T08:00:00Z", fast_track="true", meeting_type="Demo", meeting_at="2026-11-22T15:00:00Z")
add("sofia", "Altamira Robotics S.L.", "Altamira - Submitted Today", "Terr", "4-Proposal", "2027-03-05", "$45,500.00", "2026-11-22T09:10:00Z", status="Submitted", meeting_at="2026-11-30T10:00:00Z")
add("priya", "Evergreen Civic Tech", "Evergreen - SaaS Trial Support", "Mid-Market Territory", "3-Technical Evaluation", "2027-02-19", "$34,000.00", "2026-11-21T16:00:00Z", short=True, meeting_at="2026-11-28T17:00:00Z")

headers = [M.columns[f] for f in M.columns]
with open(ROOT / "bots/data/sample_requests.csv", "w", newline="", encoding="utf-8") as out:
    w = csv.writer(out)
    w.writerow(headers)
    for r in rows:
        w.writerow([r[f] for f in M.columns])
print(len(rows), "rows")
for n, r in enumerate(rows, start=2):
    print(n, r["region"] or "-", r["segment"], r["stage"], r["account"][:30], r["opportunity_id"])

# JSON lines: native types, nested relationship for the account name as Salesforce returns it
jl: list[dict[str, object]] = []
def jrow(ae, account, opp, segment, stage, close, arr, req, **kw):
    r = base(100 + len(jl), ae, account, opp, segment, stage, close, arr, req, **kw)
    obj = {M.columns[f]: r[f] for f in M.columns if r[f] != ""}
    obj["Fast Track"] = r["fast_track"] in ("Yes", "x", "true")
    obj["Named Account"] = r["named_account"] in ("Yes", "x")
    obj["Attendees"] = [{"name": n.split(" (")[0], "title": n.split(" (")[1].rstrip(")")} for n in r["attendees"].split("; ") if " (" in n]
    jl.append(obj)
jrow("jordan", "Saltmarsh Outdoor Co.", "Saltmarsh - Platform Eval", "Mid-Market First Order", "2-Scoping", "2027-01-22", 42000, "2026-11-15T15:00:00Z", meeting_at="2026-11-20T17:00:00Z")
jrow("priya", "Thistle & Vine Wines", "Thistle & Vine - Discovery", "Territory", "3-Technical Evaluation", "2027-02-26", 26500.5, "2026-11-18T18:30:00Z", meeting_type="Discovery", meeting_at="2026-11-25T18:00:00Z")
jrow("lukas", "Aaltonen Systems Oy", "Aaltonen - Ultimate POC", "Named", "3-Technical Evaluation", "2027-03-12", 99000, "2026-11-12T08:00:00Z", named_account="Yes", meeting_at="2026-11-19T08:00:00Z")
jrow("sofia", "Brisa Atlantica Lda", "Brisa - Urgent Demo", "FO", "2-Scoping", "2026-12-23", "$21,000.00", "2026-11-21T10:00:00Z", fast_track="Yes", meeting_type="Demo", meeting_at="2026-11-21T16:00:00Z", short=True)
jrow("sofia", "Korvald Freight AS", "Korvald - Withdrawn", "Terr", "2-Scoping", "2027-01-29", 15000, "2026-11-08T09:00:00Z", status="Withdrawn")
with open(ROOT / "bots/data/sample_requests.jsonl", "w", encoding="utf-8") as out:
    for obj in jl:
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
