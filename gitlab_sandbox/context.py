"""Per-request context, replies, the route registry and the permission table."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import errors
from .core import Core
from .pagination import paginate
from .params import Params
from .store import ProjectData, Store

GUEST, REPORTER, DEVELOPER, MAINTAINER, OWNER, ADMIN = 10, 20, 30, 40, 50, 60

# Minimum access level per ability. GitLab's own policy is looser for some of these
# (admin_label and admin_issue_board are Reporter there; create_issue is Guest): the
# sandbox is deliberately at least as strict, so what passes here passes on GitLab.
ACCESS = {
    "read_issue": GUEST,
    "award_emoji": GUEST,
    "read_confidential": REPORTER,
    "read_internal_note": REPORTER,
    "read_code": REPORTER,
    "read_pipeline_schedule": REPORTER,
    "create_issue": DEVELOPER,
    "update_issue": DEVELOPER,
    "create_note": DEVELOPER,
    "push_code": DEVELOPER,
    "create_pipeline_schedule": DEVELOPER,
    "admin_label": MAINTAINER,
    "admin_board": MAINTAINER,
    "admin_pipeline_schedule": MAINTAINER,
    "admin_note": MAINTAINER,
    "set_created_at": OWNER,
}


@dataclass
class Reply:
    """An HTTP answer: JSON body by default, or raw text/bytes with its own content type."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"


Handler = Callable[["Ctx"], Reply]
ROUTES: list[tuple[str, str, Handler]] = []


def route(method: str, template: str) -> Callable[[Handler], Handler]:
    """Register a handler for `METHOD /template` (paths relative to /api/v4)."""

    def register(handler: Handler) -> Handler:
        ROUTES.append((method, template, handler))
        return handler

    return register


class Ctx:
    """What a handler sees: the core, the caller, params, route args and helpers."""

    def __init__(self, core: Core, method: str, user: dict[str, Any], params: Params,
                 args: dict[str, str], path: str, query: list[tuple[str, str]]) -> None:
        self.core = core
        self.method = method
        self.user = user
        self.params = params
        self.args = args
        self.path = path
        self.query = query

    @property
    def store(self) -> Store:
        """The state store."""
        return self.core.store

    @property
    def base(self) -> str:
        """The sandbox's own base URL (no trailing slash)."""
        return self.core.base_url

    def level(self, project: ProjectData) -> int:
        """The caller's access level in `project` (admins count as 60)."""
        return ADMIN if self.user["admin"] else project.member_level(self.user["id"])

    def can(self, project: ProjectData, ability: str) -> bool:
        """Whether the caller's level reaches the ability's minimum."""
        return self.level(project) >= ACCESS[ability]

    def project(self, ability: str | None = None) -> ProjectData:
        """The `:id` project: 404 unless visible, 403 unless `ability` is allowed."""
        project = self.store.project_by_ref(self.args["id"])
        if project is None:
            raise errors.not_found("Project")
        visible = self.level(project) > 0 or project.record["visibility"] != "private"
        if not visible:
            raise errors.not_found("Project")
        if ability is not None and not self.can(project, ability):
            raise errors.forbidden()
        return project

    def can_see_issue(self, project: ProjectData, issue: dict[str, Any]) -> bool:
        """Confidential issues: Reporter+, the author or an assignee."""
        if not issue["confidential"] or self.can(project, "read_confidential"):
            return True
        uid = self.user["id"]
        return issue["author_id"] == uid or uid in issue["assignee_ids"]

    def issue(self, project: ProjectData) -> dict[str, Any]:
        """The `:issue_iid` issue, 404 when missing or not visible."""
        try:
            iid = int(self.args["issue_iid"])
        except ValueError:
            raise errors.not_found("Issue") from None
        issue = project.issues.get(iid)
        if issue is None or not self.can_see_issue(project, issue):
            raise errors.not_found("Issue")
        return issue

    def int_arg(self, name: str, resource: str) -> int:
        """A numeric route argument, 404 `resource` when it is not a number."""
        try:
            return int(self.args[name])
        except ValueError:
            raise errors.not_found(resource) from None

    def page(self, items: Sequence[Any], render: Callable[[Any], Any]) -> Reply:
        """One page of `items`, rendered, with pagination headers."""
        url = f"{self.base}/api/v4{self.path}"
        rows, headers = paginate(items, self.params, url, self.query)
        return Reply(200, [render(row) for row in rows], headers)
