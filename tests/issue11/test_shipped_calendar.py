"""The shipped EMEA region (a London team with colleagues in Germany and the Netherlands)."""

from datetime import date

from bots.jobs import load_config
from tests.factories import ROOT


def test_english_bank_holidays_are_days_off_for_the_shipped_emea_team():
    emea = load_config(ROOT / "sa-triage.yml").regions["EMEA"].calendar
    assert emea.timezone == "Europe/London"
    assert not emea.is_business_day(date(2026, 8, 31))  # Summer bank holiday (England only)
    assert not emea.is_business_day(date(2026, 5, 4))  # Early May bank holiday (England only)
    assert not emea.is_business_day(date(2026, 12, 28))  # Boxing Day, observed
    assert not emea.is_business_day(date(2026, 5, 14))  # Ascension Day: the German and Dutch colleagues
    assert emea.is_business_day(date(2026, 9, 1))


def test_the_readme_says_what_any_and_all_mean_for_a_multi_country_team():
    text = (ROOT / "README.md").read_text()
    section = text[text.index("**Holidays of a multi-country team.**"):][:1200]
    assert "`any`: a public holiday in *any* listed country" in section
    assert "`all`: only a\\nday that *every* listed country observes" in section.replace("\n", "\\n")
