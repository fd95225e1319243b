"""Scale and concurrency: 20,000 issues page through whole; parallel writers stay consistent."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from gitlab_sandbox import Sandbox

from .conftest import PROJECT, client


def test_pages_through_twenty_thousand_issues(sb: Sandbox, gl) -> None:
    for number in range(20_000):
        sb.add_issue(PROJECT, f"issue {number}", author="alice",
                     labels=["emea"] if number % 4 == 0 else ["sa"])
    sb.log.reset()
    listing = gl.http_list("/projects/commercial%2Ftriage/issues", iterator=True, per_page=100)
    iids = [issue["iid"] for issue in listing]
    assert len(iids) == len(set(iids)) == 20_000
    assert (listing.total, listing.total_pages) == (None, None)  # above 10,000: no totals
    assert sb.log.by_route() == {"GET /projects/:id/issues": 200}
    filtered = gl.http_list("/projects/commercial%2Ftriage/issues", iterator=True, per_page=100,
                            labels="emea", state="opened")
    assert sum(1 for _ in filtered) == 5_000


def test_concurrent_writers_get_unique_iids(sb: Sandbox) -> None:
    def create(worker: int) -> list[int]:
        project = client(sb).projects.get(PROJECT, lazy=True)
        return [project.issues.create({"title": f"w{worker}-{n}"}).iid for n in range(25)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        iids = [iid for batch in pool.map(create, range(8)) for iid in batch]
    assert sorted(iids) == list(range(1, 201))
    assert sb.log.by_status() == {201: 200}
