"""Offset pagination: every issue once, GitLab's headers, Link on the sandbox's own URL."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from gitlab_sandbox import Sandbox
from gitlab_sandbox.pagination import paginate
from gitlab_sandbox.params import Params

from .conftest import PROJECT


def _seed(sb: Sandbox, count: int, **labels: str) -> None:
    for number in range(count):
        sb.add_issue(PROJECT, f"issue {number}", author="alice",
                     labels=["even"] if number % 2 == 0 else [])


def _links(header: str) -> dict[str, str]:
    links = {}
    for part in header.split(", "):
        url, rel = part.split("; ")
        links[rel.split('"')[1]] = url.strip("<>")
    return links


def test_iterator_yields_every_issue_exactly_once(sb: Sandbox, project) -> None:
    _seed(sb, 250)
    sb.log.reset()
    listing = project.issues.list(iterator=True, per_page=100)
    iids = [issue.iid for issue in listing]
    assert sorted(iids) == list(range(1, 251))
    assert iids == sorted(iids, reverse=True)  # default order: created_at desc
    assert (listing.total, listing.total_pages, listing.per_page) == (250, 3, 100)
    assert sb.log.by_route() == {"GET /projects/:id/issues": 3}


def test_headers_on_first_middle_and_last_page(sb: Sandbox, gl) -> None:
    _seed(sb, 250)
    path = "/projects/commercial%2Ftriage/issues"
    first = gl.http_request("get", path, query_data={"per_page": 100})
    assert first.headers["X-Page"] == "1"
    assert first.headers["X-Prev-Page"] == ""  # present but empty
    assert first.headers["X-Next-Page"] == "2"
    assert (first.headers["X-Total"], first.headers["X-Total-Pages"]) == ("250", "3")
    last = gl.http_request("get", path, query_data={"per_page": 100, "page": 3})
    assert "X-Next-Page" in last.headers and last.headers["X-Next-Page"] == ""
    assert last.headers["X-Prev-Page"] == "2"
    assert len(last.json()) == 50
    links = _links(last.headers["Link"])
    assert set(links) == {"prev", "first", "last"}
    assert all(url.startswith(f"{sb.url}/api/v4/projects/commercial%2Ftriage/issues?")
               for url in links.values())
    assert parse_qs(urlsplit(links["first"]).query) == {"page": ["1"], "per_page": ["100"]}
    middle = _links(gl.http_request("get", path, query_data={"per_page": 100, "page": 2})
                    .headers["Link"])
    assert [rel for rel in middle] == ["prev", "next", "first", "last"]


def test_link_keeps_the_filters(sb: Sandbox, gl) -> None:
    _seed(sb, 30)
    response = gl.http_request("get", "/projects/commercial%2Ftriage/issues",
                               query_data={"labels": "even", "per_page": 5, "state": "opened"})
    next_url = _links(response.headers["Link"])["next"]
    assert parse_qs(urlsplit(next_url).query) == {
        "labels": ["even"], "page": ["2"], "per_page": ["5"], "state": ["opened"]}
    assert response.headers["X-Total"] == "15"


def test_per_page_is_capped_at_100(sb: Sandbox, gl, project) -> None:
    _seed(sb, 120)
    response = gl.http_request("get", "/projects/commercial%2Ftriage/issues",
                               query_data={"per_page": 500})
    assert response.headers["X-Per-Page"] == "100"
    assert len(response.json()) == 100
    default = project.issues.list(get_all=False)
    assert len(default) == 20


def test_page_past_the_end_is_empty(sb: Sandbox, gl) -> None:
    _seed(sb, 3)
    response = gl.http_request("get", "/projects/commercial%2Ftriage/issues",
                               query_data={"page": 5})
    assert response.json() == []
    assert response.headers["X-Next-Page"] == ""


@pytest.mark.parametrize(("total", "counted"), [(10_000, True), (10_001, False)])
def test_totals_dropped_above_ten_thousand(total: int, counted: bool) -> None:
    rows, headers = paginate(range(total), Params({"per_page": "100"}), "http://x/api/v4/i", [])
    assert len(rows) == 100
    assert ("X-Total" in headers, "X-Total-Pages" in headers) == (counted, counted)
    assert ('rel="last"' in headers["Link"]) == counted
    assert headers["X-Next-Page"] == "2"


def test_iterator_without_totals_still_reaches_the_end() -> None:
    rows, headers = paginate(range(10_050), Params({"page": "101", "per_page": "100"}),
                             "http://x/api/v4/i", [])
    assert len(rows) == 50
    assert headers["X-Next-Page"] == ""
    assert headers["X-Prev-Page"] == "100"
    assert 'rel="next"' not in headers["Link"]
