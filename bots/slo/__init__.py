"""Service-level objectives of the Commercial SA handbook, as a pure engine with one module per SLO.

`triage` (one business day, then escalation), `lead_time` (fast track), `tech_eval` (15/30 days before
close), `meeting_prep` (agenda and attendees), `review` (second pair of eyes), `judgment` (SA
Judgment), `follow_up` (documentation after the meeting), `csm` (CSM transition) and `slack_channel`
(ephemeral channels closed within 90 days). `engine` posts each reminder level once and clears it;
`record` keeps the bot's signed record (time to triage for the digest: `record.time_to_triage`);
`explain` says, for one issue, where each SLO stands and why. Keep this package free of I/O.
"""
