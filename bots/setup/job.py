"""`setup`: the board as code — labels, the board and its lists, issue templates, pipeline schedules,
and the webhook and pipeline trigger of `sa-triage react` (bots/setup/hooks.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bots import actions as a
from bots.board import BoardSnapshot
from bots.config import BoardSpec, LabelSpec
from bots.job import Context, Plan
from bots.model import Board, Label, Schedule
from bots.react.settings import react_ref, react_settings
from bots.schedules import load_schedules, schedule_key
from bots.setup.hooks import plan_hook
from bots.webhook import HookState

TEMPLATE_DIR_IN_PROJECT = ".gitlab/issue_templates"


@dataclass(frozen=True)
class SetupSnapshot:
    labels: tuple[Label, ...]
    boards: tuple[Board, ...]
    templates: tuple[tuple[str, str, str | None], ...]  # project path, wanted content, current content
    schedules: tuple[Schedule, ...]
    wanted_schedules: tuple[a.ScheduleSpec, ...]
    hooks: HookState | None = None  # the project's webhooks and triggers (None: not readable here)


class SetupJob:
    name = "setup"
    summary = "labels, board and lists, issue templates, pipeline schedules, the react webhook"
    converge = True

    def read(self, board: BoardSnapshot, ctx: Context) -> SetupSnapshot:
        reader = board.source
        cfg = ctx.config
        branch = cfg.gitlab.default_branch
        templates = []
        for path in sorted((ctx.repo_root / cfg.gitlab.templates_dir).glob("*.md")):
            target = f"{TEMPLATE_DIR_IN_PROJECT}/{path.name}"
            wanted = path.read_text(encoding="utf-8")
            templates.append((target, wanted, reader.file(target, branch)))
        wanted_schedules = load_schedules(ctx.repo_root / "schedules", branch)
        hook_state = getattr(reader, "hook_state", None)
        return SetupSnapshot(tuple(reader.labels()), tuple(reader.boards()), tuple(templates),
                             tuple(reader.schedules()), wanted_schedules,
                             hook_state() if hook_state is not None else None)

    def plan(self, snap: SetupSnapshot, ctx: Context) -> Plan:
        cfg = ctx.config
        return Plan(
            plan_labels(cfg.labels, snap.labels)
            + plan_board(cfg.board, snap.boards)
            + plan_templates(snap.templates, cfg.gitlab.default_branch)
            + plan_schedules(snap.wanted_schedules, snap.schedules, ctx.bot_username)
            + (plan_hook(react_settings(cfg).enabled, snap.hooks, react_ref(cfg), ctx.bot_username)
               if snap.hooks is not None else ())
        )


def plan_labels(wanted: tuple[LabelSpec, ...], current: tuple[Label, ...]) -> tuple[a.Action, ...]:
    have = {label.name: label for label in current}
    out: list[a.Action] = []
    for spec in wanted:
        label = have.get(spec.name)
        if label is None:
            out.append(a.CreateLabel(spec.name, spec.color, spec.description))
        elif (label.color.upper(), label.description) != (spec.color.upper(), spec.description):
            out.append(a.UpdateLabel(spec.name, spec.color, spec.description))
    return tuple(out)


def plan_board(spec: BoardSpec, boards: tuple[Board, ...]) -> tuple[a.Action, ...]:
    board = next((b for b in boards if b.name == spec.name), None)
    if board is None:
        return (a.CreateBoard(spec.name, spec.lists),)
    have = {bl.label: bl for bl in board.lists}
    missing = [name for name in spec.lists if name not in have]
    if missing:  # add first; order is settled on the next pass, once the new lists have positions
        return tuple(a.CreateBoardList(board.id, name) for name in missing)
    current = sorted(board.lists, key=lambda bl: bl.position)
    order = [have[name] for name in spec.lists] + [bl for bl in current if bl.label not in spec.lists]
    for position, bl in enumerate(order):
        if bl.position != position:  # one move per pass: GitLab shifts the others around it
            return (a.MoveBoardList(board.id, bl.id, bl.label, position),)
    return ()


def plan_templates(files: tuple[tuple[str, str, str | None], ...], branch: str) -> tuple[a.Action, ...]:
    changes = tuple(
        a.FileChange(path, wanted, "create" if current is None else "update")
        for path, wanted, current in files
        if current is None or current != wanted
    )
    if not changes:
        return ()
    names = ", ".join(Path(c.path).stem for c in changes)
    return (a.CommitFiles(branch, f"sa-triage setup: issue templates ({names})", changes),)


def plan_schedules(wanted: tuple[a.ScheduleSpec, ...], current: tuple[Schedule, ...],
                   bot_username: str) -> tuple[a.Action, ...]:
    ours: dict[str, Schedule] = {}
    out: list[a.Action] = []
    for s in sorted(current, key=lambda s: s.id):
        key = schedule_key(s.description, dict(s.variables))
        if key is None:
            continue  # people's own schedules are left alone
        if key in ours:  # a second one (e.g. left by an older crash): keep the oldest
            if s.active:
                out.append(a.DeactivateSchedule(s.id, s.description, s.owner != bot_username))
            continue
        ours[key] = s
    for spec in wanted:
        existing = ours.get(spec.key)
        if existing is None:
            out.append(a.CreateSchedule(spec))
            continue
        update = _schedule_update(spec, existing, bot_username)
        if update is not None:
            out.append(update)
    declared = {spec.key for spec in wanted}
    for key, s in sorted(ours.items(), key=lambda kv: str(kv[0])):
        if key not in declared and s.active:
            out.append(a.DeactivateSchedule(s.id, s.description, s.owner != bot_username))
    return tuple(out)


def _schedule_update(spec: a.ScheduleSpec, s: Schedule, bot_username: str) -> a.UpdateSchedule | None:
    wanted_ref = spec.ref if spec.ref.startswith("refs/") else f"refs/heads/{spec.ref}"
    current_ref = s.ref if s.ref.startswith("refs/") else f"refs/heads/{s.ref}"
    fields = tuple((k, v) for k, v, have in (
        ("description", spec.description, s.description),
        ("cron", spec.cron, s.cron),
        ("cron_timezone", spec.cron_timezone, s.cron_timezone),
        ("ref", spec.ref, None if wanted_ref != current_ref else spec.ref),
        ("active", spec.active, s.active),
    ) if v != have)
    have_vars = dict(s.variables)
    set_vars = tuple((k, v, k in have_vars) for k, v in spec.variables if have_vars.get(k) != v)
    delete_vars = tuple(k for k in sorted(have_vars) if k not in dict(spec.variables))
    if not (fields or set_vars or delete_vars):
        return None
    return a.UpdateSchedule(s.id, spec, fields, set_vars, delete_vars, s.owner != bot_username)
