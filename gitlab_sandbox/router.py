"""Route matching on the raw (still-encoded) path, so `%2F` stays inside one segment."""

from __future__ import annotations

from urllib.parse import unquote

from . import errors
from .context import ROUTES, Handler

Match = tuple[Handler, dict[str, str], str]


class Router:
    """Templates like `/projects/:id/issues/:issue_iid`, literal segments winning over captures."""

    def __init__(self, routes: list[tuple[str, str, Handler]] | None = None) -> None:
        self._table: dict[int, list[tuple[str, list[str], Handler, str]]] = {}
        for method, template, handler in routes if routes is not None else ROUTES:
            segments = template.strip("/").split("/")
            self._table.setdefault(len(segments), []).append((method, segments, handler, template))
        for entries in self._table.values():
            entries.sort(key=lambda entry: [part.startswith(":") for part in entry[1]])

    @staticmethod
    def _bind(pattern: list[str], parts: list[str]) -> dict[str, str] | None:
        args: dict[str, str] = {}
        for expected, actual in zip(pattern, parts, strict=True):
            if expected.startswith(":"):
                if not actual:
                    return None
                args[expected[1:]] = unquote(actual)
            elif expected != actual:
                return None
        return args

    def match(self, method: str, raw_path: str) -> Match:
        """The handler, decoded args and template for a request; 404 or 405 otherwise."""
        parts = raw_path.strip("/").split("/")
        path_known = False
        for route_method, pattern, handler, template in self._table.get(len(parts), []):
            args = self._bind(pattern, parts)
            if args is None:
                continue
            path_known = True
            if route_method == method:
                return handler, args, template
        if method == "HEAD":
            handler, args, template = self.match("GET", raw_path)
            return handler, args, template
        raise errors.method_not_allowed() if path_known else errors.route_not_found()
