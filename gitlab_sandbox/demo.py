"""`sa-triage-sandbox demo`: a local GitLab sandbox seeded from the config's roster, then setup and
every bot; and the seeding and checkout copy the end-to-end tests, benchmarks and chaos runs use."""

from __future__ import annotations

import io
import json
import re
import shutil
import time
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bots import app, markers, notes_recheck
from bots.commands.dashboard import write_dashboard
from bots.config import Config
from bots.digest.settings import digest_settings
from bots.jobs import load_config
from bots.mirror import closed_known
from bots.output import Output
from bots.slo import ledger

from .demo_forms import seed_demo_forms
from .demo_handoff import STEP as HANDOFF_STEP
from .demo_handoff import checklist_lines, hand_over_one
from .demo_history import History, simulate
from .demo_timeline import WEEKS
from .sandbox import Sandbox

CHECKOUT = Path(__file__).resolve().parents[1]
BOT_USERNAME = "sa-triage-bot"
BOT_TOKEN = "glpat-sandbox-bot"  # a throwaway token of the local sandbox, not a secret
# The sample requests are from November 2026; this Monday afternoon is within both regions'
# business hours, so the demo shows SLO breaches and escalations whatever day it is run.
DEMO_NOW = "2026-11-23T15:00:00+00:00"


def copy_checkout(dst: Path, src: Path = CHECKOUT) -> Path:
    """A copy of a checkout's deployable files (config, schedules, templates, sample data)."""
    dst.mkdir(parents=True, exist_ok=True)
    shutil.copy(src / "sa-triage.yml", dst / "sa-triage.yml")
    for part in ("schedules", "templates", "bots/data"):
        shutil.copytree(src / part, dst / part)
    return dst


def user_token(username: str) -> str:
    return f"glpat-sandbox-{username}"


def seed(sandbox: Any, cfg: Config) -> str:
    """Users from the roster, the bot, and the project; returns the project path."""
    project = cfg.gitlab.project or "commercial/triage"
    sandbox.add_user(BOT_USERNAME, name="SA Triage Bot", token=BOT_TOKEN)
    sandbox.add_project(project, default_branch=cfg.gitlab.default_branch)
    sandbox.add_member(project, BOT_USERNAME, 40)
    for person in cfg.roster:
        sandbox.add_user(person.username, name=person.name, token=user_token(person.username))
        sandbox.add_member(project, person.username, 40 if person.role == "manager" else 30)
    return project


def sandbox_env(url: str, base: Mapping[str, str]) -> dict[str, str]:
    env = {k: v for k, v in base.items() if not k.startswith(("GITLAB_", "CI_"))}
    env.update(GITLAB_URL=url, GITLAB_TOKEN=BOT_TOKEN)
    return env


COUNTS = re.compile(r"   (\d+) action\(s\), (\d+) failure\(s\), (\d+) read\(s\), (\d+) write\(s\)$")
TOTAL = re.compile(r"  total +(\d+) action\(s\) +(\d+) failure\(s\) +(\d+) read\(s\) +(\d+) write\(s\)$")


class Brief(Output):
    """The bots' output as one line per bot (its counts and what it saw) and the run's total;
    actions, failures and the per-run banner only with `--verbose` (counted in `hidden`)."""

    def __init__(self, out: Output) -> None:
        super().__init__(out.stream, ci=out.ci, redact=out.redact)
        self.hidden, self._bot, self._seen, self._summary = 0, "", list[str](), False

    def line(self, text: str = "") -> None:
        if text.startswith("== "):
            self._bot, self._seen = text[3:].split(":", 1)[0], []
        elif text.startswith("   · "):
            self._seen.append(text[5:])
        elif (counts := COUNTS.match(text)) and self._bot:
            seen = f" · {'; '.join(self._seen)}" if self._seen else ""
            super().line(self._counts(self._bot, *counts.groups()) + seen)
            self._bot = ""
        elif text.startswith("Summary"):
            self._summary = True
        elif self._summary and (total := TOTAL.match(text)):
            self._summary = False
            super().line(self._counts("total", *total.groups()))
        elif text.startswith("### "):
            super().line("")  # the one blank line: before each step
            super().line(text)
        elif not (text.startswith(("   ", "sa-triage on ")) or self._summary or text == ""):
            super().line(text)
        else:
            self.hidden += bool(text.strip())

    @staticmethod
    def _counts(name: str, actions: str, failures: str, reads: str, writes: str) -> str:
        failed = f", {failures} failed (--verbose says why)" if failures != "0" else ""
        return f"  {name:<8} {actions:>3} action(s){failed}, {reads} read(s), {writes} write(s)"


def _start(sandbox: Any, cfg: Config, config_path: str, out_dir: Path, port: int) -> tuple[str, str, Path]:
    """Seed and serve the sandbox; a copy of the checkout whose export the history makes grow."""
    project = seed(sandbox, cfg)
    url = sandbox.start(port=port)
    checkout = out_dir / "checkout"
    shutil.rmtree(checkout, ignore_errors=True)
    copy_checkout(checkout, Path(cfg.base_dir))
    shutil.copy(config_path, checkout / "sa-triage.yml")
    return project, url, checkout


def run_demo(config_path: str, out: Output, *, env: Mapping[str, str], out_dir: Path,
             port: int = 0, keep_serving: bool = False, now: str = DEMO_NOW, verbose: bool = False,
             weeks: int = WEEKS) -> int:
    cfg = load_config(config_path)
    sandbox = Sandbox(premium=cfg.gitlab.premium)
    when = app.parse_now(now)
    clock = [when - timedelta(weeks=weeks)]
    sandbox.clock = lambda: clock[0]
    project, url, checkout = _start(sandbox, cfg, config_path, out_dir, port)
    config = str(checkout / "sa-triage.yml")
    run_env = sandbox_env(url, env)
    shown = out if verbose else Brief(out)
    out.line(f"Local GitLab sandbox at {url} (project {project}, bot @{BOT_USERNAME})")
    try:
        codes = [_step(sandbox, shown, "setup: labels, board, templates, schedules",
                       lambda o: app.execute(config, None, env=run_env, out=o, now=clock[0].isoformat()))]
        if weeks:
            codes.append(_history(sandbox, cfg, out, verbose, url=url, project=project, checkout=checkout,
                                  env=run_env, clock=clock, now=when, weeks=weeks))
        clock[0] = when - timedelta(hours=2)
        seed_demo_forms(sandbox, cfg)  # an incomplete and a complete on-site request, a PTO issue
        clock[0] = when
        out.line("")
        handed, handed_iid = hand_over_one(sandbox, cfg, project, url, user_token)
        out.line(handed)
        for title in (HANDOFF_STEP, "run every bot again: nothing should change"):
            codes.append(_step(sandbox, shown, title, lambda o: app.execute(
                config, app.select_jobs([]), env=run_env, out=o, now=now)))
            if title == HANDOFF_STEP:
                for line in checklist_lines(sandbox, project, handed_iid, BOT_USERNAME):
                    out.line(line)
        detail = out if verbose else Output(io.StringIO(), redact=out.redact)
        codes.append(react_demo(sandbox, project, config, run_env, out, now, detail=detail))
        out.line("")
        out.line("### the dashboard (what the pages job publishes)")
        pages = write_dashboard(config, out_dir / "dashboard", env=run_env, out=out if verbose else detail,
                                now=now)
        out.line(f"wrote {len(pages)} page(s): " + ", ".join(p.name for p in pages)
                 + f" in {pages[0].parent}" if pages else "wrote no page")
        _report(sandbox, project, url, out, out_dir)
        _where(sandbox, cfg, project, out, pages, verbose, shown)
        if keep_serving:
            out.line(f"Serving {url} until Ctrl-C ...")
            while True:
                time.sleep(3600)
        # Bad rows in the sample export make the bots report failures: expected in the demo.
        return 0 if all(code in (0, 1) for code in codes) else max(codes)
    except KeyboardInterrupt:
        return 0
    finally:
        sandbox.stop()


def _step(sandbox: Any, out: Output, title: str, run: Any) -> int:
    out.line("")
    out.line(f"### {title}")
    writes_before = sandbox.log.writes
    code = int(run(out))
    out.line(f"(sandbox saw {sandbox.log.writes - writes_before} write request(s))")
    return code


def _history(sandbox: Any, cfg: Config, out: Output, verbose: bool, *, url: str, project: str,
             checkout: Path, env: Mapping[str, str], clock: list[datetime], now: datetime,
             weeks: int) -> int:
    out.line("")
    out.line(f"### {weeks} week(s) of the team's work before {now:%a %d %b %Y %H:%M} UTC")
    started = time.monotonic()

    def set_clock(at: datetime) -> None:
        clock[0] = at

    quiet = out if verbose else Output(io.StringIO(), redact=out.redact)
    h = simulate(sandbox, cfg, url=url, project=project, token_of=user_token, checkout=checkout, env=env,
                 set_clock=set_clock, now=now, out=quiet, weeks=weeks)
    out.line(f"{h.arrived} requests arrived; {h.triaged} triaged by roster SAs ({h.late} late, after the "
             f"SLO bot's reminders); {h.closed} opportunities closed; {h.approvals} on-site approvals (👍); "
             f"a PTO issue filed. The bots ran {h.runs} times ({time.monotonic() - started:.0f} s).")
    for line in _comebacks(sandbox, project, h):
        out.line(line)
    return 2 if h.failed_runs else 0


def _comebacks(sandbox: Any, project: str, h: History) -> list[str]:
    """What became of the request that left the export for a day, and of the issue its SA closed while
    the opportunity stays open: read off the sandbox, not assumed."""
    issues = [i for i in sandbox.issues(project) if i["author"]["username"] == BOT_USERNAME]
    ledger_issue = next((i for i in issues if i["title"] == ledger.TITLE and i["state"] == "opened"), None)
    recorded = set(((markers.read_signed_comment(ledger_issue["description"], closed_known.KIND,
                                                 markers.UNVERIFIED_KEY) or {}).get("k") or {}).values()
                   ) if ledger_issue else set()
    out = []
    for opportunity in h.gone:
        for i in _mirrored(issues, opportunity):
            notes = sandbox.notes(project, i["iid"])
            back = any(n["body"].startswith(markers.note_marker("left-source", "back")) for n in notes)
            gone = f"#{i['iid']} left the export for a business day (deleted in Salesforce, then restored)"
            out.append(f"{gone}: the mirror closed it while it was missing, and reopened it with a note "
                       "when it came back." if back and i["state"] == "opened" else
                       f"{gone}: it is {i['state']} now, with no note of its return.")
    record = notes_recheck.read(ledger_issue["description"] if ledger_issue else None, markers.UNVERIFIED_KEY)
    for opportunity in h.progressed:
        for i in _mirrored(issues, opportunity):
            notes = sandbox.notes(project, i["iid"])
            changed = sum(n["body"].startswith("<!-- sa-triage:changed ") for n in notes)
            out.append(f"#{i['iid']}'s opportunity moved on twice in Salesforce: {changed} \"changed\" "
                       f"note(s), {h.proven_notes} posted on its signed state alone, its notes not read "
                       f"(the ledger's notes-recheck record names {record.describe()} to read first).")
    for opportunity in h.dismissed:
        for i in _mirrored(issues, opportunity):
            who = (i.get("closed_by") or {}).get("username", "nobody")
            kept = "recorded on the ledger (later runs fetch it by iid, not by a search)" \
                if i["iid"] in recorded else "not on the ledger's record"
            out.append(f"#{i['iid']} was closed by @{who} while its opportunity stays open: the mirror "
                       f"leaves it {i['state']}, {kept}.")
    return out


def _mirrored(issues: list[dict[str, Any]], opportunity: str) -> list[dict[str, Any]]:
    return [i for i in issues if "sa-request" in i["labels"] and opportunity[:15] in (i["description"] or "")]


def _where(sandbox: Any, cfg: Config, project: str, out: Output, pages: list[Path], verbose: bool,
           shown: Output) -> None:
    digests = [i for i in sandbox.issues(project)
               if digest_settings(cfg).label in i["labels"] and i["state"] == "opened"]
    for issue in digests:
        out.line(f"  - weekly digest: #{issue['iid']} {issue['title']} ({issue['web_url']})")
    for issue in sandbox.issues(project):
        if issue["title"] == ledger.TITLE and issue["state"] == "opened":
            data = markers.read_signed_comment(issue["description"], ledger.KIND, markers.UNVERIFIED_KEY)
            live = sum(len(levels) for levels in (data or {}).get("e", {}).values())
            quiet = len((data or {}).get("q", {}))
            out.line(f"  - the SLO bot's ledger: #{issue['iid']} ({live} reminder(s) it posted, trusted by "
                     f"label for 3 hours; {quiet} request(s) whose notes showed no review or follow-up, "
                     "not read again until they change)")
    if pages:
        out.line(f"  - the dashboard: open {pages[0].parent / 'index.html'} in a browser")
    if isinstance(shown, Brief) and shown.hidden:
        out.line(f"  ({shown.hidden} line(s) of detail left out: run with --verbose to see every action)")


def react_demo(sandbox: Any, project: str, config_path: str, env: Mapping[str, str], out: Output,
               now: str, *, detail: Output | None = None) -> int:
    """One event end to end: the webhook and trigger set up, an on-site request filed, the webhook
    fired, `react` run on the pipeline's payload, the validation note written, and the requests."""
    import gitlab

    from bots.commands.react_run import react_with
    from bots.issue_templates import ON_SITE_REQUEST
    from bots.jobs import setup_job
    from bots.react.settings import ReactSettings

    cfg = load_config(config_path).with_section(ReactSettings(enabled=True))
    out.line("")
    out.line("### react: setup with react.enabled: true declares the pipeline trigger and the webhook")
    runs = detail or out  # the runs' own output (shown with --verbose)
    app.run_jobs(cfg, app.open_gateway(cfg, env, runs), [setup_job()], env=env, out=runs,
                 when=app.parse_now(now), owner="setup")
    author = next(p.username for p in cfg.roster if p.role == "ae")
    stored = sandbox.store.project_by_ref(project)
    data = stored.record
    before = len(data.get("pipelines") or [])
    template = (cfg.base_dir / cfg.gitlab.templates_dir / ON_SITE_REQUEST.file_name).read_text()
    gl = gitlab.Gitlab(env["GITLAB_URL"], private_token=user_token(author))
    iid = gl.projects.get(project).issues.create({"title": "On-site: Initech", "description": template}).iid
    (pipeline,) = (data.get("pipelines") or [])[before:]
    out.line(f"@{author} filed #{iid}; the webhook started trigger pipeline {pipeline['id']} "
             f"on {pipeline['ref']}; its `react` job runs:")
    reads, writes, started = sandbox.log.reads, sandbox.log.writes, time.monotonic()
    job_env = {**env, "CI_PROJECT_ID": str(stored.id), "CI_PROJECT_PATH": project}  # as GitLab sets them
    code = react_with(cfg, env=job_env, out=runs, payload=pipeline["variables"]["TRIGGER_PAYLOAD"], now=now)
    notes = [n for n in sandbox.notes(project, iid) if n["author"]["username"] == BOT_USERNAME]
    out.line(f"react answered #{iid} in {time.monotonic() - started:.1f} s with "
             f"{sandbox.log.reads - reads} read(s) and "
             f"{sandbox.log.writes - writes} write(s): {len(notes)} validation note, labels "
             f"{', '.join(sandbox.issue(project, iid)['labels'])}")
    return code


def _report(sandbox: Any, project: str, url: str, out: Output, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    state = out_dir / "sandbox-state.json"
    sandbox.save(state)
    log = out_dir / "sandbox-log.json"
    log.write_text(json.dumps({"reads": sandbox.log.reads, "writes": sandbox.log.writes,
                               "by_route": sandbox.log.by_route(),
                               "quick_actions": sandbox.log.quick_actions,
                               "mentions": sandbox.log.mentions}, indent=2, default=str))
    issues = [i for i in sandbox.issues(project) if i["state"] == "opened"]
    lists = {name: sum(name in i["labels"] for i in issues) for name in
             ("triage::new", "triage::in-review", "triage::assigned", "triage::engaged")}
    closed = sum(1 for i in sandbox.issues(project) if i["state"] == "closed")
    # a mirrored request's triage labels, or a filed SA request form's (slo::form-triage-*)
    breached = sum(bool({"slo::triage-breached", "slo::form-triage-breached"} & set(i["labels"]))
                   for i in issues)
    escalated = sum(bool({"slo::triage-escalated", "slo::form-triage-escalated"} & set(i["labels"]))
                    for i in issues)
    out.line("")
    out.line("On the board: " + ", ".join(f"{n} in {name}" for name, n in lists.items())
             + f"; {closed} closed issues (history).")
    out.line(f"Open: {len(issues)} issues; triage SLO breached on {breached}, escalated to the "
             f"regional managers on {escalated}; "
             f"{sum('needs-info' in i['labels'] for i in issues)} need information; "
             f"{sum('async-slack' in i['labels'] for i in issues)} pointed to async Slack support.")
    by_bot = sum(q.get("user") == BOT_USERNAME for q in sandbox.log.quick_actions)
    out.line("Where to look:")
    out.line(f"  - the sandbox's final state (issues, notes, labels, board): {state}")
    out.line(f"  - its request log ({sandbox.log.reads} reads, {sandbox.log.writes} writes, "
             f"{len(sandbox.log.quick_actions)} quick action(s) executed, {by_bot} by the bot): {log}")
    token = out_dir / "sandbox-token.txt"
    token.write_text(BOT_TOKEN + "\n")
    out.line(f"  - browse it: sa-triage-sandbox serve --state {state} --port 8080, then "
             f"curl -H \"PRIVATE-TOKEN: $(cat {token})\" "
             f"'http://127.0.0.1:8080/api/v4/projects/{project.replace('/', '%2F')}/issues'")
