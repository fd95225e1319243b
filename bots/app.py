"""Plain functions behind the CLI: each takes its inputs explicitly and returns an exit code."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bots import markers
from bots.board import Source
from bots.config import Config
from bots.errors import (
    EXIT_ITEMS_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    ConfigError,
    ConfigErrors,
    SourceUnavailable,
    UsageError,
)
from bots.gateway import Gateway
from bots.golive import GoLive, hold_for
from bots.job import Context, Job
from bots.jobs import BOTS, NEEDS_SOURCES, load_config, setup_job
from bots.jobs import bots as registered_bots
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


def open_gateway(cfg: Config, env: Mapping[str, str], out: Output, *,
                 project_id: int | None = None) -> Gateway:
    """The connected gateway; with `project_id` the project is opened without a read."""
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
    gateway.connect(project_id)
    return gateway


def ci_project_id(cfg: Config, env: Mapping[str, str]) -> int | None:
    """The CI job's own project id, when it is the configured project (set by the runner, not by
    anything a webhook sends); None outside CI or for another project."""
    value, path = env.get("CI_PROJECT_ID", ""), env.get("CI_PROJECT_PATH")
    if not value.isdigit() or not path or (cfg.gitlab.project or path) != path:
        return None
    return int(value)


def execute(config_path: str, jobs: Sequence[Job] | None, *, env: Mapping[str, str], out: Output,
            dry_run: bool = False, json_path: str | None = None, now: str | None = None,
            max_writes: int | None = None, baseline: bool = False) -> int:
    """Run `jobs` (None: setup) against GitLab; 0 when all went well, 1 when any item failed.

    `baseline`: reminders already due are recorded as held back, not posted (`bots.golive`)."""
    cfg = load_config(config_path)
    for w in cfg.warnings:
        out.line(f"warning: {w}")
    when = parse_now(now)
    selected = list(jobs) if jobs is not None else [setup_job()]
    gateway = open_gateway(cfg, env, out)
    owner = "setup" if jobs is None else " ".join(["run", *(j.name for j in selected)])
    return run_jobs(cfg, gateway, selected, env=env, out=out, when=when, owner=owner, dry_run=dry_run,
                    json_path=json_path, max_writes=max_writes, baseline=baseline)


def run_jobs(cfg: Config, gateway: Gateway, selected: Sequence[Job], *, env: Mapping[str, str],
             out: Output, when: datetime, owner: str, dry_run: bool = False,
             json_path: str | None = None, max_writes: int | None = None,
             source: Source | None = None, baseline: bool = False) -> int:
    """Run `selected` over one snapshot (of the board, or of `source`); print and save the report."""
    if read_only(env) and not dry_run:
        raise UsageError(f"{READ_TOKEN} is read-only: give GITLAB_TOKEN to write, or use --dry-run")
    hold = hold_for(cfg.section(GoLive), when, baseline)
    ctx = Context(cfg, when, gateway.bot_username, cfg.base_dir, dict(env), state_key(cfg, env), hold)
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
                    lock_wait=wait, lock_owner=owner, source=source, needs_sources=NEEDS_SOURCES)
    runner.source_error = _sources_missing(cfg, selected)
    out.line(f"sa-triage on {gateway.url} project {gateway.project_name} as "
             f"@{gateway.bot_username}, now {when.isoformat(timespec='minutes')}"
             + (" (dry run)" if dry_run else ""))
    if hold.before is not None:
        out.line(f"go-live: reminders due by {hold.before.isoformat(timespec='minutes')} are recorded as "
                 "held back, not posted")
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


def _sources_missing(cfg: Config, selected: Sequence[Job]) -> SourceUnavailable | None:
    """Without the mirror in the run (each bot has its own schedule), the bots that plan on the
    sources' data still stop on a missing export: a look at the files, nothing read."""
    names = {j.name for j in selected}
    if "mirror" in names or not names & NEEDS_SOURCES:
        return None
    from bots.sources.check import unavailable

    return unavailable(cfg.sources, cfg.file, cfg.base_dir)


def validate(config_path: str, out: Output, env: Mapping[str, str] | None = None,
             online: bool = False) -> int:
    """Check config, sources, schedules and issue templates without any network access; every
    problem found is reported at once (file, key path, value, what is expected): 0 if none, else 2.
    `online`, once those pass: the token's scopes and role, and the Salesforce sources' fields."""
    env = env or {}
    problems = offline_problems(config_path, out, env)
    if online and not problems:
        problems = online_problems(load_config(config_path), env, out)
    for p in problems:
        out.line(f"error: {p}")
    if problems:
        out.line(f"{len(problems)} problem(s) found" + ("" if online else " (no network was used)"))
        return EXIT_USAGE
    return EXIT_OK


def online_problems(cfg: Config, env: Mapping[str, str], out: Output) -> list[object]:
    """What GitLab and Salesforce say: three GETs to GitLab, one describe() per object per org."""
    from bots.online import access_problems, salesforce_problems, salesforce_sources

    gateway = open_gateway(cfg, env, out)
    project = gateway.project_name
    access = gateway.token_access()
    errors, warnings = access_problems(access, project, datetime.now(UTC).date())
    for w in warnings:
        out.line(f"warning: {w}")
    if not errors:
        out.line(f"ok: {gateway.url} project {project} as @{gateway.bot_username} "
                 f"({access.role}, scopes {', '.join(access.scopes or ('unknown',))})")
    fields = salesforce_problems(cfg, env)
    if salesforce_sources(cfg) and not fields:
        out.line("ok: every mapped Salesforce field exists on Opportunity")
    return [*errors, *fields]


def offline_problems(config_path: str, out: Output, env: Mapping[str, str]) -> list[object]:
    """Every problem `validate` finds, with an `ok:` line for each part without any."""
    from bots.schedules import coverage_problems, read_schedules

    problems: list[object] = []
    cfg: Config | None = None
    try:
        cfg = load_config(config_path)
    except ConfigError as e:
        problems.extend(ConfigErrors.of(e))
    base_dir = cfg.base_dir if cfg else Path(config_path).resolve().parent
    problems.extend(_source_problems(cfg, config_path, base_dir))
    if cfg and not problems:
        out.line(f"ok: {cfg.file} ({len(cfg.regions)} regions, {len(cfg.labels)} labels, "
                 f"{len(cfg.roster)} people)")
    before = len(problems)
    directory = base_dir / "schedules"
    specs, found = read_schedules(directory, cfg.gitlab.default_branch if cfg else "main")
    problems.extend([*found, *coverage_problems(specs, directory, BOTS)])
    problems.extend(_env_problems(env))
    if len(problems) == before:
        out.line(f"ok: schedules/ ({len(specs)} schedules, every bot on one)")
    if cfg:
        templates = _template_problems(cfg)
        problems.extend(templates)
        if not templates:
            out.line(f"ok: {cfg.gitlab.templates_dir}/")
    return problems


def _source_problems(cfg: Config | None, config_path: str, base_dir: Path) -> list[object]:
    """The sources' files (missing, times without a zone), read from the file alone when the rest of
    the config has problems of its own (those are reported already)."""
    import yaml

    from bots.schema import load_yaml
    from bots.sources.check import offline_problems as source_problems
    from bots.sources.config import parse_sources

    sources = cfg.sources if cfg else None
    if cfg is None:
        try:
            raw = load_yaml(Path(config_path).read_text(encoding="utf-8"))
            has_sources = isinstance(raw, dict) and raw.get("sources")
            sources = parse_sources(raw, config_path) if has_sources else None
        except (ConfigError, OSError, ValueError, yaml.YAMLError):
            return []
    file = cfg.file if cfg else config_path
    return list(source_problems(sources, file, base_dir)) if sources else []


def _env_problems(env: Mapping[str, str]) -> list[object]:
    """SA_TRIAGE_BOTS in this environment (a CI variable) naming a bot that does not exist."""
    unknown = [n for n in env.get("SA_TRIAGE_BOTS", "").split() if n not in BOTS]
    return [f"SA_TRIAGE_BOTS: unknown bot(s) {', '.join(unknown)} (known: {', '.join(BOTS)})"
            ] if unknown else []


def _template_problems(cfg: Config) -> list[object]:
    try:
        from bots.issue_templates.template import check_template_files
    except ImportError:  # forms not present yet
        return []
    return list(check_template_files(cfg.base_dir / cfg.gitlab.templates_dir))
