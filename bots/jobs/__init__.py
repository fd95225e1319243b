"""The registry: the jobs (`sa-triage run` runs the bots in this order; `setup` runs on its own) and the
bots' sections of `sa-triage.yml`, so a config is loaded here, with every section."""

from __future__ import annotations

import importlib
from pathlib import Path

from bots import config
from bots.config import Config, ConfigSection
from bots.digest.settings import SECTION as DIGEST
from bots.golive import SECTION as GO_LIVE
from bots.handoff.settings import SECTION as HANDOFF
from bots.job import Job
from bots.meetings.settings import SECTION as MEETINGS
from bots.mirror.redirect_settings import SECTION as ASYNC_SLACK
from bots.mirror.settings import SECTION as MIRROR
from bots.react.settings import SECTION as REACT
from bots.setup.job import SetupJob
from bots.slo.rules import SECTION as SLO
from bots.suggest.settings import SECTION as SUGGESTIONS

# Read in this order (so are their errors and warnings); each bot finds its own by its settings class.
SECTIONS: tuple[ConfigSection[object], ...] = (
    MIRROR, ASYNC_SLACK, SLO, SUGGESTIONS, DIGEST, GO_LIVE, HANDOFF, REACT, MEETINGS)

# name -> "module:class", in the order `run` runs them (mirror first: later bots read its issues;
# handoff before slo, so that the issues the SLO bot's ledger records as unchanged are as handoff's
# records left them, not one write behind).
BOTS = {
    "mirror": "bots.mirror.job:MirrorJob",
    "forms": "bots.forms.job:FormsJob",
    "handoff": "bots.handoff.job:HandoffJob",
    "slo": "bots.jobs.slo:SloJob",
    "suggest": "bots.suggest.job:SuggestJob",
    "digest": "bots.digest.job:DigestJob",
    "meetings": "bots.meetings.job:MeetingsJob",
}

# The bots that plan on the sources' data (the mirror reads them; the others read the mirror's records
# of them): when a source cannot be read, none of them writes (a digest of an empty board would say
# "0 open"). forms and handoff plan on what people do on issues: they run on.
NEEDS_SOURCES = frozenset({"mirror", "slo", "suggest", "digest"})


def setup_job() -> Job:
    return SetupJob()


def bots() -> dict[str, Job]:
    """The bots `sa-triage run` knows, in the order they run."""
    out: dict[str, Job] = {}
    for name, target in BOTS.items():
        module_name, class_name = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as e:
            if e.name != module_name:
                raise
            continue  # not built yet
        out[name] = getattr(module, class_name)()
    return out


def load_config(path: str | Path = config.DEFAULT_FILE) -> Config:
    """`sa-triage.yml` with every bot's section; a ConfigError names file, key path and problem."""
    return config.load(path, sections=SECTIONS)


def parse_config(text: str, file: str, base_dir: Path) -> Config:
    """`load_config` of a text (`file` names it in errors; paths in it are relative to `base_dir`)."""
    return config.parse(text, file, base_dir, sections=SECTIONS)
