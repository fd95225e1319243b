"""The bot's closed issues of live requests that have no open one, found without listing closed history
every run (`closed_issues`)."""

from __future__ import annotations

import math
from collections.abc import Mapping

from bots import markers
from bots.board import BoardSnapshot
from bots.model import Issue

PAGE = 100  # issues per list page
UNCOUNTED = 10_000  # above this many, GitLab's list gives no X-Total


def closed_issues(board: BoardSnapshot, keys: set[str],
                  known: Mapping[str, int] | None = None) -> list[Issue]:
    """The bot's closed issues that mirror `keys`: live requests without an open issue.

    Closed history is not listed every run, so a run costs the same with 0 or 20,000 closed
    requests behind it. The issues `known` records (key -> iid, `bots.mirror.closed_known`) are
    fetched first, 100 to a request, and kept when they still carry their key. Each other key is
    searched for (in descriptions, verified by the key marker), unless listing the whole closed
    history takes fewer requests (a new board: none at all). Above 10,000 closed issues GitLab does
    not count them; then, with more keys than that is pages, the history is listed for at most one
    page per key, and only the keys not found there are searched.
    """
    if not keys:
        return []
    mine = {"author_username": board.bot_username}
    iids = sorted({known[k] for k in keys if k in known}) if known else []
    fetched = [i for at in range(0, len(iids), PAGE)
               for i in board.closed(**{"iids[]": tuple(iids[at:at + PAGE])}, **mine)]
    hits = _mirroring(tuple(fetched), board, keys)
    rest = keys - {markers.find_issue_key(i, board.bot_username) for i in hits}
    return [*hits, *_searched(board, rest, mine)] if rest else hits


def _searched(board: BoardSnapshot, keys: set[str], mine: dict[str, str]) -> list[Issue]:
    total = board.count_closed(**mine)
    if total == 0:
        return []
    found: tuple[Issue, ...] = ()
    if total is not None and math.ceil(total / PAGE) <= len(keys):
        return _mirroring(board.closed(**mine), board, keys)
    if total is None and len(keys) > UNCOUNTED // PAGE:
        found, complete = board.closed_at_most(len(keys) * PAGE, **mine)
        found = tuple(_mirroring(found, board, keys))
        if complete:
            return list(found)
    rest = keys - {markers.find_issue_key(i, board.bot_username) for i in found}
    where = {**mine, "in": "description"}
    searched = tuple(i for key in sorted(rest) for i in board.closed(search=key, **where))
    return [*found, *_mirroring(searched, board, rest)]


def _mirroring(issues: tuple[Issue, ...], board: BoardSnapshot, keys: set[str]) -> list[Issue]:
    return [i for i in issues if markers.find_issue_key(i, board.bot_username) in keys]
