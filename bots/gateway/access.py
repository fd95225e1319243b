"""What the token may do: its scopes (`GET /personal_access_tokens/self`, project and group access
tokens too) and its user's role on the project (`GET /projects/:id/members/all/:user_id`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import gitlab
from gitlab.v4.objects import Project

ROLE_NAMES = {10: "Guest", 15: "Planner", 20: "Reporter", 30: "Developer", 40: "Maintainer", 50: "Owner"}


@dataclass(frozen=True)
class TokenAccess:
    """None where GitLab would not say (an older GitLab, a token that may not read itself)."""

    scopes: tuple[str, ...] | None
    access_level: int | None  # the role on the project, inherited from groups included; 0: none
    expires_at: date | None = None

    @property
    def role(self) -> str:
        level = self.access_level
        return "no role" if not level else ROLE_NAMES.get(level, f"access level {level}")


def token_access(gl: gitlab.Gitlab, project: Project, user_id: int) -> TokenAccess:
    """Two GETs; a 403/404 leaves that part unknown (None) or, for the membership, no role (0)."""
    scopes: tuple[str, ...] | None = None
    expires: date | None = None
    try:
        token = gl.http_get("/personal_access_tokens/self")
        if isinstance(token, dict):
            scopes = tuple(token.get("scopes") or ())
            expires = date.fromisoformat(token["expires_at"]) if token.get("expires_at") else None
    except (gitlab.GitlabHttpError, gitlab.GitlabGetError):
        pass
    try:
        level = int(project.members_all.get(user_id).access_level)
    except gitlab.GitlabGetError as e:
        if e.response_code not in (403, 404):
            raise
        level = 0
    return TokenAccess(scopes, level, expires)
