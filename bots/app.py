"""Plain functions behind the CLI: each takes its inputs explicitly and returns an exit code."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bots import markers
from bots.board import Source
from bots.config import Config
from bots.errors import EXIT_ITEMS_FAILED, EXIT_OK, UsageError
from bots.gateway import Gateway
from bots.job import Context, Job
from bots.jobs import bots as registered_bots
from bots.jobs import load_config, setup_job
from bots.mirror.render import questions
from bots.output import Output
from bots.pacing import Limits, WritePacer
from bots.runner import Runner

READ_TOKEN = "GITLAB_READ_TOKEN"  # a read_api project token: dry runs on merge requests


def gitlab_settings(cfg: Config, env: Mapping[str, str]) -> tuple[str, str, str]:
    """URL, token and project from the environment and config, or a UsageError saying what is missing."""
    url = env.get("GITLAB_URL") or env.get("CI_SERVER_URL")
    if not url:
        raise UsageError("GITLAB_URL is not set (nor CI_SERVER_URL): where is GitLab?")
    token = env.get("GITLAB_TOKEN") or env.get(READ_TOKEN)
    if not token:
        raise UsageError("GITLAB_TOKEN is not set: use a project access token with the api scope "
                         f"(CI_JOB_TOKEN cannot create issues or notes), or {READ_TOKEN} (read_api) "
                         "for a dry run")
    project = cfg.gitlab.project or env.get("CI_PROJECT_PATH")
    if not project:
        raise UsageError(f"{cfg.file}: gitlab.project is not set (nor CI_PROJECT_PATH)")
    return url, token, project


def read_only(env: Mapping[str, str]) -> bool:
    """Only the read-only token is given (a merge request's dry run): the gateway refuses every write."""
    return not env.get("GITLAB_TOKEN") and bool(env.get(READ_TOKEN))


def state_key(cfg: Config, env: Mapping[str, str]) -> bytes:
    """The key of the bot's signed records. The read-only token cannot know it (the key must stay
    out of unprotected variables), so a read-only dry run reads records unverified: it writes nothing,
    so a forged record can change only what its plan shows."""
    if read_only(env):
        return markers.UNVERIFIED_KEY
    return markers.state_key(gitlab_settings(cfg, env)[1])


def parse_now(value: str | None) -> datetime:
    if not value:
        return datetime.now(UTC)
    try:
        now = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--now: not an ISO-8601 time: {value!r}") from None
    if now.tzinfo is None:
        raise UsageError(f"--now: give a time zone, e.g. {value}Z or {value}+01:00")
    return now


def select_jobs(names: Sequence[str]) -> list[Job]:
    known = registered_bots()
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UsageError(f"unknown bot(s) {', '.join(unknown)}; known: {', '.join(known) or 'none'}")
    return [known[n] for n in names] if names else list(known.values())


def open_gateway(cfg: Config, env: Mapping[str, str], out: Output) -> Gateway:
    url, token, project = gitlab_settings(cfg, env)
    out.redact.add(token)
    try:
        limits = Limits(
            notes_per_minute=int(env.get("SA_TRIAGE_NOTES_PER_MINUTE", "0") or 0),
            issues_per_minute=int(env.get("SA_TRIAGE_ISSUES_PER_MINUTE", "0") or 0),
            window=float(env.get("SA_TRIAGE_PACING_WINDOW_SECONDS", "60") or 60),
        )
    except ValueError as e:
        raise UsageError(f"SA_TRIAGE_*_PER_MINUTE / SA_TRIAGE_PACING_WINDOW_SECONDS: {e}") from None
    gateway = Gateway(url, token, project, pacer=WritePacer(limits), read_only=read_only(env))
    gateway.boilerplate = (questions(),)
    gateway.connect()
    return gateway


def execute(config_path: str, jobs: Sequence[Job] | None, *, env: Mapping[str, str], out: Output,
            dry_run: bool = False, json_path: str | None = None, now: str | None = None,
            max_writes: int | None = None) -> int:
    """Run `jobs` (None: setup) against GitLab; 0 when all went well, 1 when any item failed."""
    cfg = load_config(config_path)
    for w in cfg.warnings:
        out.line(f"warning: {w}")
    when = parse_now(now)
    selected = list(jobs) if jobs is not None else [setup_job()]
    gateway = open_gateway(cfg, env, out)
    owner = "setup" if jobs is None else " ".join(["run", *(j.name for j in selected)])
    return run_jobs(cfg, gateway, selected, env=env, out=out, when=when, owner=owner, dry_run=dry_run,
                    json_path=json_path, max_writes=max_writes)


def run_jobs(cfg: Config, gateway: Gateway, selected: Sequence[Job], *, env: Mapping[str, str],
             out: Output, when: datetime, owner: str, dry_run: bool = False,
             json_path: str | None = None, max_writes: int | None = None,
             source: Source | None = None) -> int:
    """Run `selected` over one snapshot (of the board, or of `source`); print and save the report."""
    if read_only(env) and not dry_run:
        raise UsageError(f"{READ_TOKEN} is read-only: give GITLAB_TOKEN to write, or use --dry-run")
    ctx = Context(cfg, when, gateway.bot_username, cfg.base_dir, dict(env), state_key(cfg, env))
    # A run killed while holding the lock blocks others until the lock's time-to-live runs out;
    # a run that finds the lock held waits for it at most SA_TRIAGE_LOCK_WAIT_SECONDS.
    try:
        ttl = timedelta(seconds=float(env.get("SA_TRIAGE_LOCK_TTL_SECONDS", "600") or 600))
        wait = float(env.get("SA_TRIAGE_LOCK_WAIT_SECONDS", "180") or 180)
    except ValueError as e:
        raise UsageError(f"SA_TRIAGE_LOCK_TTL_SECONDS / SA_TRIAGE_LOCK_WAIT_SECONDS: {e}") from None
    if env.get("CI_JOB_URL"):
        owner += f", {env['CI_JOB_URL']}"
    runner = Runner(gateway, ctx, out, dry_run=dry_run, max_writes=max_writes, lock_ttl=ttl,
                    lock_wait=wait, lock_owner=owner, source=source)
    out.line(f"sa-triage on {gateway.url} project {gateway.project.path_with_namespace} as "
             f"@{gateway.bot_username}, now {when.isoformat(timespec='minutes')}"
             + (" (dry run)" if dry_run else ""))
    try:
        for job in selected:
            runner.run(job)
    finally:
        runner.close()
    runner.summary()
    if json_path:
        runner.write_json(Path(json_path), out.redact)
        out.line(f"JSON report: {json_path}")
    return EXIT_ITEMS_FAILED if runner.failed else EXIT_OK


def validate(config_path: str, out: Output) -> int:
    """Check config, issue templates and schedules without any network access."""
    from bots.schedules import load_schedules

    cfg = load_config(config_path)
    for w in cfg.warnings:
        out.line(f"warning: {w}")
    out.line(f"ok: {cfg.file} ({len(cfg.regions)} regions, {len(cfg.labels)} labels, "
             f"{len(cfg.roster)} people)")
    specs = load_schedules(cfg.base_dir / "schedules", cfg.gitlab.default_branch)
    out.line(f"ok: schedules/ ({len(specs)} schedules)")
    problems = _template_problems(cfg)
    for p in problems:
        out.line(f"error: {p}")
    if problems:
        return 2
    out.line(f"ok: {cfg.gitlab.templates_dir}/")
    return EXIT_OK


def _template_problems(cfg: Config) -> list[object]:
    try:
        from bots.issue_templates.template import check_template_files
    except ImportError:  # forms not present yet
        return []
    return list(check_template_files(cfg.base_dir / cfg.gitlab.templates_dir))
