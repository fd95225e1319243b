"""Looking up, by id, the requests that a source's query no longer returns (issue 11).

Only a Salesforce org can be asked: an export holds what its report holds and nothing more. One
batched query per org and per 200 ids (`WHERE Id IN (...)`, through queryAll so that deleted
records in the recycle bin answer too), never one call per id. The verdicts are plain data; what to do
with them is the mirror's decision (`bots.mirror.missing`). An org that refuses or does not answer
is a problem of the run, not its end: the ids it could have answered for are `unanswered`, and the
mirror leaves their issues as they are while it plans everything else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bots.errors import Problem, SaTriageError
from bots.sources.result import LookedUp
from bots.sources.salesforce_source import SalesforceSource


@dataclass(frozen=True)
class Lookups:
    """The verdicts by id (an id no org knows has none), the records that could not be read, and
    whether any org was asked (without one, absence from an export is all there is to go on);
    `unanswered`: the ids without a verdict that an org which failed might have known."""

    verdicts: Mapping[str, LookedUp] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    asked: bool = False
    unanswered: frozenset[str] = frozenset()


def look_up_all(sources: Iterable[object], env: Mapping[str, str], keys: Iterable[str],
                file: str = "sa-triage.yml") -> Lookups:
    """Each Salesforce source asked about `keys` (the first org that knows an id answers for it)."""
    orgs = [s for s in sources if isinstance(s, SalesforceSource)]
    wanted = sorted(set(keys))
    if not orgs or not wanted:
        return Lookups(asked=bool(orgs))
    from bots.sources.salesforce_lookup import look_up  # loads simple-salesforce: only when used

    verdicts: dict[str, LookedUp] = {}
    problems: list[Problem] = []
    failed = False
    for org in orgs:
        asking = [k for k in wanted if k not in verdicts]
        try:
            found, bad = look_up(org, env, asking)
        except SaTriageError as error:
            failed = True
            problems.append(Problem(f"{file}: {org.label}", f"looking up {len(asking)} request(s) the "
                                    f"sources no longer return, by id: {error}; their issues are left "
                                    "as they are this run"))
            continue
        verdicts.update(found)
        problems.extend(bad)
    unanswered = frozenset(k for k in wanted if k not in verdicts) if failed else frozenset()
    return Lookups(verdicts, tuple(problems), asked=True, unanswered=unanswered)
