"""`per_config`: a value derived from the config once per config object and arguments."""

from dataclasses import replace

from bots.config import per_config
from tests.factories import config


def test_computed_once_per_config_and_arguments_and_again_for_another_config():
    calls: list[tuple[int, str]] = []

    @per_config
    def team_of(cfg, region: str) -> str:
        calls.append((id(cfg), region))
        return cfg.regions[region].team

    cfg = config()
    assert [team_of(cfg, "AMER"), team_of(cfg, "AMER"), team_of(cfg, "EMEA")] == [
        cfg.regions["AMER"].team, cfg.regions["AMER"].team, cfg.regions["EMEA"].team]
    assert len(calls) == 2
    other = replace(cfg, regions={**cfg.regions, "AMER": replace(cfg.regions["AMER"], team="other-team")})
    assert team_of(other, "AMER") == "other-team" and len(calls) == 3  # an equal-looking key, a new config
