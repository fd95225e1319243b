"""Offset pagination with GitLab's headers (X-*, Link) and the 10,000-row count cut-off."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar
from urllib.parse import urlencode

from .params import Params

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_COUNT = 10_000

T = TypeVar("T")


def page_args(params: Params) -> tuple[int, int]:
    """The requested page (>= 1) and per_page (default 20, silently capped at 100)."""
    page = params.integer("page", default=1) or 1
    per_page = params.integer("per_page", default=DEFAULT_PER_PAGE) or DEFAULT_PER_PAGE
    if per_page < 1:
        per_page = DEFAULT_PER_PAGE
    return max(page, 1), min(per_page, MAX_PER_PAGE)


def _href(url: str, query: list[tuple[str, str]], page: int, per_page: int) -> str:
    """One Link URL: the request's own params (sorted, as Rails' to_query) plus page/per_page."""
    pairs = [(key, value) for key, value in query if key not in ("page", "per_page")]
    pairs += [("page", str(page)), ("per_page", str(per_page))]
    pairs.sort(key=lambda pair: pair[0])
    return f"{url}?{urlencode(pairs)}"


def paginate(
    items: Sequence[T], params: Params, url: str, query: list[tuple[str, str]]
) -> tuple[list[T], dict[str, str]]:
    """Slice one page out of `items` and build the headers; `url` is the page URL sans query."""
    page, per_page = page_args(params)
    total = len(items)
    start = (page - 1) * per_page
    rows = list(items[start : start + per_page])
    counted = total <= MAX_COUNT
    total_pages = max((total + per_page - 1) // per_page, 1)
    has_next = start + per_page < total
    has_prev = 1 < page <= total_pages or (page > 1 and not counted and start < total)
    headers = {
        "X-Per-Page": str(per_page),
        "X-Page": str(page),
        "X-Next-Page": str(page + 1) if has_next else "",
        "X-Prev-Page": str(page - 1) if has_prev else "",
    }
    links = []
    if has_prev:
        links.append(f'<{_href(url, query, page - 1, per_page)}>; rel="prev"')
    if has_next:
        links.append(f'<{_href(url, query, page + 1, per_page)}>; rel="next"')
    links.append(f'<{_href(url, query, 1, per_page)}>; rel="first"')
    if counted:
        links.append(f'<{_href(url, query, total_pages, per_page)}>; rel="last"')
        headers["X-Total"] = str(total)
        headers["X-Total-Pages"] = str(total_pages)
    headers["Link"] = ", ".join(links)
    return rows, headers
