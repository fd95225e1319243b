"""The registry of jobs: `sa-triage run` runs the bots in this order; `setup` runs on its own."""

from __future__ import annotations

import importlib

from bots.job import Job
from bots.setup.job import SetupJob

# name -> "module:class", in the order `run` runs them (mirror first: later bots read its issues).
BOTS = {
    "mirror": "bots.mirror.job:MirrorJob",
    "forms": "bots.forms.job:FormsJob",
    "slo": "bots.jobs.slo:SloJob",
    "suggest": "bots.suggest.job:SuggestJob",
    "digest": "bots.digest.job:DigestJob",
}


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
