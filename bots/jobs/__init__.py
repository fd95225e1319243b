"""The registry of jobs: `sa-triage run` runs the bots in this order; `setup` runs on its own."""

from __future__ import annotations

from bots.jobs.base import Job
from bots.jobs.mirror import MirrorJob
from bots.jobs.setup_project import SetupJob


def setup_job() -> Job:
    return SetupJob()


def bots() -> dict[str, Job]:
    """The bots `sa-triage run` knows, in the order they run."""
    return {job.name: job for job in (MirrorJob(),)}
