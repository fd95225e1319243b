"""Looking up, by id, the requests that a source's query no longer returns (issue 11).

Only a Salesforce org can be asked: an export holds what its report holds and nothing more. One
batched query per org and per 200 ids (`WHERE Id IN (...)`, through queryAll so that deleted
records in the recycle bin answer too), never one call per id. The verdicts are plain data; what to do
with them is the mirror's decision (`bots.mirror.missing`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bots.errors import Problem, SaTriageError, SourceUnavailable
from bots.sources.result import LookedUp
from bots.sources.salesforce_source import SalesforceSource


@dataclass(frozen=True)
class Lookups:
    """The verdicts by id (an id no org knows has none), the records that could not be read, and
    whether any org was asked (without one, absence from an export is all there is to go on)."""

    verdicts: Mapping[str, LookedUp] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    asked: bool = False


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
    for org in orgs:
        try:
            found, bad = look_up(org, env, [k for k in wanted if k not in verdicts])
        except SaTriageError as error:
            raise SourceUnavailable(file, org.label, f"looking up requests by id: {error}") from None
        verdicts.update(found)
        problems.extend(bad)
    return Lookups(verdicts, tuple(problems), asked=True)
