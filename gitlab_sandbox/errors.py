"""GitLab's error answers: which status goes with which body key (`message` or `error`)."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An HTTP error answer with GitLab's exact status, body and headers."""

    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status} {body!r}")
        self.status = status
        self.body = body
        self.headers = headers or {}


def unauthorized() -> ApiError:
    """401 for a missing or unknown token."""
    return ApiError(401, {"message": "401 Unauthorized"})


def forbidden(reason: str | None = None) -> ApiError:
    """403 from `forbidden!`, optionally with a reason after ` - `."""
    text = "403 Forbidden" if reason is None else f"403 Forbidden - {reason}"
    return ApiError(403, {"message": text})


def not_found(resource: str | None = None) -> ApiError:
    """404 from `not_found!(resource)`: also used for what the user may not see."""
    text = "404 Not Found" if resource is None else f"404 {resource} Not Found"
    return ApiError(404, {"message": text})


def record_not_found() -> ApiError:
    """404 raised by ActiveRecord's `find` (lowercase `found`)."""
    return ApiError(404, {"message": "404 Not found"})


def route_not_found() -> ApiError:
    """404 for an unknown route: Grape uses the `error` key."""
    return ApiError(404, {"error": "404 Not Found"})


def method_not_allowed() -> ApiError:
    """405 for a known path with an unsupported verb."""
    return ApiError(405, {"error": "405 Not Allowed"})


def bad_request(reason: str) -> ApiError:
    """400 from `bad_request!(reason)`."""
    return ApiError(400, {"message": f"400 Bad request - {reason}"})


def missing(*names: str) -> ApiError:
    """400 from Grape for required params that are absent."""
    return ApiError(400, {"error": ", ".join(f"{name} is missing" for name in names)})


def at_least_one(names: list[str]) -> ApiError:
    """400 from Grape's `at_least_one_of` validator."""
    text = ", ".join(names) + " are missing, at least one parameter must be provided"
    return ApiError(400, {"error": text})


def invalid(name: str) -> ApiError:
    """400 from Grape when a param has the wrong type."""
    return ApiError(400, {"error": f"{name} is invalid"})


def invalid_value(name: str) -> ApiError:
    """400 from Grape when a param is outside its allowed values."""
    return ApiError(400, {"error": f"{name} does not have a valid value"})


def validation(errors: dict[str, list[str]]) -> ApiError:
    """400 from `render_validation_error!`: a hash of arrays under `message`."""
    return ApiError(400, {"message": errors})


def conflict(text: str = "409 Conflict") -> ApiError:
    """409 with a `message`."""
    return ApiError(409, {"message": text})
