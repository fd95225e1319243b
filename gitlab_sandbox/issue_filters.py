"""The issue finder: GitLab's list filters, ordering and label semantics."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import errors
from .context import Ctx
from .issue_index import IssueIndex
from .params import Params
from .store import ProjectData

Issue = dict[str, Any]
Predicate = Callable[[Issue], bool]
Hint = Callable[[IssueIndex], "set[int] | None"]


@dataclass(frozen=True)
class Indexed:
    """A filter with the index lookup that yields (a superset of) the iids it keeps."""

    test: Predicate
    hint: Hint

    def __call__(self, issue: Issue) -> bool:
        return self.test(issue)
ORDERS = ("created_at", "updated_at", "title", "due_date", "popularity", "relative_position",
          "priority", "label_priority", "milestone_due", "weight")


def sorted_issues(project: ProjectData, order_by: str, sort: str) -> list[Issue]:
    """Issues in the requested order (id breaks ties), cached until the next issue write."""
    key = ("sorted", order_by, sort)
    cached = project.cache.get(key)
    if cached is not None:
        return cached
    issues = project.cache[key] = _sort(list(project.issues.values()), order_by, sort)
    return issues


def _ordered(project: ProjectData, iids: set[int], order_by: str, sort: str) -> list[Issue]:
    """The issues `iids` in the requested order: the cached full order filtered, or sorted alone.

    Every order but due_date's is total (id breaks ties), so sorting a subset alone gives the
    full order's subsequence; due_date keeps undated issues in storage order, so it filters.
    """
    cached = project.cache.get(("sorted", order_by, sort))
    if order_by == "due_date" or (cached is not None and 4 * len(iids) >= len(cached)):
        return [issue for issue in sorted_issues(project, order_by, sort) if issue["iid"] in iids]
    return _sort([project.issues[iid] for iid in iids], order_by, sort)


def _sort(issues: list[Issue], order_by: str, sort: str) -> list[Issue]:
    reverse = sort == "desc"
    if order_by in ("created_at", "updated_at", "title"):
        issues.sort(key=lambda issue: (issue[order_by], issue["id"]), reverse=reverse)
    elif order_by == "popularity":
        issues.sort(key=lambda issue: (sum(a["name"] == "thumbsup" for a in issue["awards"]),
                                       issue["id"]), reverse=reverse)
    elif order_by == "due_date":
        dated = sorted((i for i in issues if i["due_date"]),
                       key=lambda issue: (issue["due_date"], issue["id"]), reverse=reverse)
        issues = dated + [i for i in issues if not i["due_date"]]
    else:
        issues.sort(key=lambda issue: issue["id"], reverse=reverse)
    return issues


def _assigned(uid: int | None, present: bool = True) -> Predicate:
    """Issues assigned (or, with present=False, not assigned) to `uid`."""
    return lambda issue: (uid in issue["assignee_ids"]) == present


def _authored(uid: int | None, present: bool = True) -> Predicate:
    """Issues authored (or not) by `uid`."""
    test: Predicate = lambda issue: (issue["author_id"] == uid) == present  # noqa: E731
    if not present:
        return test
    return Indexed(test, lambda index: set() if uid is None else index.by_author.get(uid, set()))


def _matches(term: str, fields: list[str], keep: bool) -> Predicate:
    """Issues whose fields contain `term` (case-insensitive), or the opposite."""
    test: Predicate = lambda issue: keep == any(  # noqa: E731
        term in (issue[f] or "").lower() for f in fields)
    return Indexed(test, lambda index: index.containing(term, fields)) if keep else test


def _bound(field: str, limit: str, after: bool) -> Predicate:
    """Issues whose time field is on or after / on or before `limit`."""
    return lambda issue: issue[field] >= limit if after else issue[field] <= limit


def _label_preds(project: ProjectData, params: Params, negate: Params) -> list[Predicate] | None:
    """AND over `labels` (None/Any keywords); OR-exclusion over `not[labels]`; None = no rows."""
    preds: list[Predicate] = []
    names = params.names("labels")
    if names:
        keyword = names[0].lower() if len(names) == 1 else ""
        if keyword == "none":
            preds.append(Indexed(lambda issue: not issue["label_ids"],
                                 lambda index: index.unlabeled))
        elif keyword == "any":
            preds.append(lambda issue: bool(issue["label_ids"]))
        else:
            ids = {project.label_ids.get(name) for name in names}
            if None in ids:
                return None
            known = {i for i in ids if i is not None}
            preds.append(Indexed(lambda issue: known.issubset(issue["label_ids"]),
                                 lambda index: min((index.with_label(i) for i in known), key=len)))
    excluded = {project.label_ids[n] for n in negate.names("labels") or [] if n in project.label_ids}
    if excluded:
        preds.append(lambda issue: excluded.isdisjoint(issue["label_ids"]))
    return preds


def _user_id(ctx: Ctx, params: Params, name: str) -> int | None:
    username = params.text(name)
    if username is None:
        return None
    user = ctx.store.user_by_username(username)
    return -1 if user is None else user["id"]


def _people_preds(ctx: Ctx, params: Params, negate: Params) -> list[Predicate]:
    preds: list[Predicate] = []
    assignee = params.text("assignee_id")
    if assignee is not None and assignee.lower() in ("none", "any"):
        want = assignee.lower() == "any"
        preds.append(lambda issue: bool(issue["assignee_ids"]) == want)
    elif assignee is not None:
        wanted = params.integer("assignee_id")
        preds.append(_assigned(wanted))
    for key in ("assignee_username", "author_username"):
        value = params.raw(key)
        value = value[0] if isinstance(value, list) and value else value
        if value is None or isinstance(value, (list, dict)):
            continue
        uid = _user_id(ctx, Params({key: value}), key)
        preds.append(_assigned(uid) if key.startswith("assignee") else _authored(uid))
    author = params.integer("author_id")
    if author is not None:
        preds.append(_authored(author))
    not_author = negate.integer("author_id")
    not_author_name = _user_id(ctx, negate, "author_username")
    for excluded in (not_author, not_author_name):
        if excluded is not None:
            preds.append(_authored(excluded, present=False))
    not_assignee = negate.integer("assignee_id")
    if not_assignee is not None:
        preds.append(_assigned(not_assignee, present=False))
    return preds


def _text_preds(params: Params, negate: Params) -> list[Predicate]:
    preds: list[Predicate] = []
    for source, keep in ((params, True), (negate, False)):
        term = (source.text("search") or "").lower()
        if not term:
            continue
        fields = source.names("in") or ["title", "description"]
        if not set(fields) <= {"title", "description"}:
            raise errors.invalid_value("in")
        preds.append(_matches(term, fields, keep))
    return preds


def _misc_preds(ctx: Ctx, params: Params, negate: Params) -> list[Predicate] | None:
    preds: list[Predicate] = []
    iids = params.int_list("iids")
    if iids is not None:
        wanted = set(iids)
        preds.append(Indexed(lambda issue: issue["iid"] in wanted,
                             lambda index: wanted & index.entries.keys()))
    not_iids = set(negate.int_list("iids") or [])
    if not_iids:
        preds.append(lambda issue: issue["iid"] not in not_iids)
    for name in ("created_after", "created_before", "updated_after", "updated_before"):
        limit = params.time(name)
        if limit is not None:
            preds.append(_bound(name.split("_")[0] + "_at", limit, name.endswith("after")))
    confidential = params.boolean("confidential")
    if confidential is not None:
        preds.append(lambda issue: issue["confidential"] == confidential)
    scope = params.choice("scope", ("created_by_me", "assigned_to_me", "all",
                                    "created-by-me", "assigned-to-me"), "all")
    uid = ctx.user["id"]
    if scope.replace("-", "_") == "created_by_me":
        preds.append(_authored(uid))
    elif scope.replace("-", "_") == "assigned_to_me":
        preds.append(lambda issue: uid in issue["assignee_ids"])
    milestone = params.text("milestone") or params.text("milestone_id")
    if milestone is not None and milestone.lower() != "none":
        return None
    emoji = params.text("my_reaction_emoji")
    if emoji is not None:
        def reacted(issue: Issue) -> bool:
            mine = [a["name"] for a in issue["awards"] if a["user_id"] == uid]
            return bool(mine) if emoji.lower() == "any" else (
                not mine if emoji.lower() == "none" else emoji in mine)
        preds.append(reacted)
    return preds


def find_issues(ctx: Ctx, project: ProjectData) -> list[Issue]:
    """All issues matching the request's filters, in order; cached until the next issue write."""
    filters = {k: v for k, v in ctx.params.data.items() if k not in ("page", "per_page")}
    key = ("found", ctx.user["id"], json.dumps(filters, sort_keys=True, default=str))
    found = project.cache.get(key)
    if found is None:
        if len(project.cache) > 256:
            project.cache.clear()
        found = project.cache[key] = _find(ctx, project)
    return found


def _find(ctx: Ctx, project: ProjectData) -> list[Issue]:
    params = ctx.params
    negate = params.sub("not")
    state = params.choice("state", ("opened", "closed", "all"), "all")
    order_by = params.choice("order_by", ORDERS, "created_at")
    sort = params.choice("sort", ("asc", "desc"), "desc")
    label_preds = _label_preds(project, params, negate)
    misc = _misc_preds(ctx, params, negate)
    if label_preds is None or misc is None:
        return []
    preds = label_preds + misc + _people_preds(ctx, params, negate) + _text_preds(params, negate)
    if state != "all":
        preds.insert(0, Indexed(lambda issue: issue["state"] == state,
                                lambda index: index.by_state.get(state, set())))
    if not ctx.can(project, "read_confidential"):
        preds.append(lambda issue: ctx.can_see_issue(project, issue))
    iids = _candidates(project.index, preds)
    issues = sorted_issues(project, order_by, sort) if iids is None else _ordered(
        project, iids, order_by, sort)
    if not preds:
        return issues
    return [issue for issue in issues if all(pred(issue) for pred in preds)]


def _candidates(index: IssueIndex, preds: list[Predicate]) -> set[int] | None:
    """The iids the indexed filters can keep (their intersection); None when none is indexed."""
    found = [hit for pred in preds if isinstance(pred, Indexed)
             if (hit := pred.hint(index)) is not None]
    if not found:
        return None
    found.sort(key=len)
    return found[0].intersection(*found[1:])
