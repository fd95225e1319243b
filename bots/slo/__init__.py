"""Service-level objectives of the Commercial SA handbook, as a pure engine with one module per SLO.

`rules/` holds the rules, one module each, registered in `rules.RULES`: `triage` (one business day,
then escalation), `lead_time` (fast track), `tech_eval` (15/30 days before close), `meeting_prep`
(agenda and attendees), `second_review` (second pair of eyes), `judgment` (SA Judgment), `follow_up`
(documentation after the meeting), `csm_transition` (CSM transition) and `slack_channel` (ephemeral
channels closed within 90 days). Each declares its levels (label, note template, handbook quote), its
settings and its check (`rule`). `settings` reads `slo:` from the registry; `engine` posts each
reminder level of a mirrored request once and clears it, `form_issues` does the same for issues
filed from a form; `record` keeps the bot's signed record (time to triage for the digest:
`record.time_to_triage`); `explain` says, for one issue, where each SLO stands and why. Keep this
package free of I/O.
"""
