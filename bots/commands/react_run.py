"""`sa-triage react` (and `react --check`): answer one webhook event with a run over the one issue it names.

Cost of an event that changes nothing: the user, the project (no request in a CI job: its own
CI_PROJECT_ID names it), the issue, and what the bots read for it as in a scheduled run (its notes;
its award emoji when it is an on-site request; a user look-up per `@name` a form names outside the
roster). No list of the
board, no closed history. A duplicate delivery re-reads and re-plans the issue and, the plans
being idempotent, writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from bots import app
from bots.config import Config
from bots.errors import EXIT_ITEMS_FAILED, EXIT_OK, UsageError
from bots.issue_templates import FORMS
from bots.jobs import bots as registered_bots
from bots.jobs import load_config
from bots.mirror.settings import mirror_settings
from bots.model import Issue
from bots.output import Output
from bots.react.event import Event, Ignored, parse_event, skip_reason
from bots.react.jobs import one_issue_jobs
from bots.react.settings import react_ref, react_settings
from bots.react.source import OneIssueSource
from bots.setup.hooks import plan_hook
from bots.slo.form_issues import watched
from bots.slo.settings import slo_settings

PAYLOAD_VARIABLE = "TRIGGER_PAYLOAD"


def read_payload(env: Mapping[str, str]) -> str:
    """The webhook body: GitLab passes it as a file variable (its value is the file's path)."""
    value = env.get(PAYLOAD_VARIABLE)
    if not value:
        raise UsageError(f"{PAYLOAD_VARIABLE} is not set: `react` runs in a pipeline started by the "
                         "project webhook through the pipeline trigger (or give --payload FILE)")
    path = Path(value)
    if len(value) < 4096 and not value.lstrip().startswith("{") and path.is_file():
        return path.read_text(encoding="utf-8", errors="replace")
    return value


def relevant(issue: Issue, cfg: Config) -> bool:
    """Whether any bot of a one-issue run decides anything for this issue (by its labels)."""
    labels = {mirror_settings(cfg).label, *(f.label for f in FORMS), *watched(slo_settings(cfg))}
    return not labels.isdisjoint(issue.labels)


def react(config_path: str, *, env: Mapping[str, str], out: Output, payload: str | None = None,
          dry_run: bool = False, json_path: str | None = None, now: str | None = None) -> int:
    """Run the bots an event can change, for its one issue; 0 also when the event is ignored."""
    return react_with(load_config(config_path), env=env, out=out, payload=payload, dry_run=dry_run,
                      json_path=json_path, now=now)


def react_with(cfg: Config, *, env: Mapping[str, str], out: Output, payload: str | None = None,
               dry_run: bool = False, json_path: str | None = None, now: str | None = None) -> int:
    """`react` with a loaded config."""
    for w in cfg.warnings:
        out.line(f"warning: {w}")
    if not react_settings(cfg).enabled:
        out.line(f"react is off (react.enabled in {cfg.file}): nothing to do")
        return EXIT_OK
    when = app.parse_now(now)
    try:
        event = parse_event(payload if payload is not None else read_payload(env))
    except Ignored as e:
        out.line(f"ignored: {e}")
        return EXIT_OK
    gateway = app.open_gateway(cfg, env, out, project_id=app.ci_project_id(cfg, env))
    issue = _issue_to_plan(event, gateway, cfg, out)
    if issue is None:
        return EXIT_OK
    out.line(f"{event.kind} event on #{issue.iid} by @{event.actor or '?'}: re-read from the API; "
             f"planning {', '.join(event.bots)} for this issue alone")
    jobs = one_issue_jobs(event.bots, registered_bots())
    return app.run_jobs(cfg, gateway, jobs, env=env, out=out, when=when, owner=f"react #{issue.iid}",
                        dry_run=dry_run, json_path=json_path,
                        source=OneIssueSource(gateway, issue))


def _issue_to_plan(event: Event, gateway: app.Gateway, cfg: Config, out: Output) -> Issue | None:
    """The issue as GitLab has it now, or None (said why) when the event is not for this run."""
    reason = skip_reason(event, int(gateway.project.id), gateway.bot_username)
    if reason is None:
        issue = gateway.guarded(f"reading issue #{event.iid}", gateway.issue, event.iid)
        if issue is None:
            # A 404 may also mean the token cannot see a project opened without a read: ask once.
            gateway.guarded("reading the project", gateway.verify_project)
            reason = f"project {gateway.project_name} has no issue #{event.iid} the bot can see"
        elif not relevant(issue, cfg):
            reason = f"#{event.iid} is neither an SA request nor a form issue"
        else:
            return issue
    out.line(f"ignored: {reason}")
    out.line(f"({gateway.counter.reads} read(s), {gateway.counter.writes} write(s))")
    return None


def check(config_path: str, *, env: Mapping[str, str], out: Output) -> int:
    """Whether the trigger and the webhook are as `setup` declares them (reads only); 1 when not."""
    cfg = load_config(config_path)
    enabled = react_settings(cfg).enabled
    gateway = app.open_gateway(cfg, env, out)
    state = gateway.guarded("reading webhooks and triggers", gateway.hook_state)
    pending = plan_hook(enabled, state, react_ref(cfg), gateway.bot_username)
    out.line(f"react is {'on' if enabled else 'off'} in {cfg.file}; the webhook calls "
             f"{state.api_url}/projects/{state.project_id}/ref/<ref>/trigger/pipeline")
    for action in pending:
        out.line(f"  not as declared: would {action.describe()} (run `sa-triage setup`)")
    if not pending:
        out.line("  trigger and webhook are as declared")
        if enabled:
            out.line("  to see that GitLab may call its own API, send a test event: Settings > Webhooks "
                     "> Test > Issue events (or POST /projects/:id/hooks/:hook_id/test/issues_events); "
                     "a `react` pipeline starts, or the hook shows the error")
    return EXIT_ITEMS_FAILED if pending else EXIT_OK
