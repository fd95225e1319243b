"""Assignment suggestions for requests waiting in triage: skills, workload, PTO, region and language.

`settings` (the `suggestions:` config), `skills` (Command Plan text → roster skills), `profile` (what a
mirrored issue says the request needs), `availability` (who is away, from PTO coverage issues), `rank`
(the candidates and the stretch candidate) and `note` (the bot's note). Pure: no I/O in this package.
"""
