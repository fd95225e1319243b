"""The weekly digest per region and the static dashboard: figures from the triage board, charts to see them.

`settings` (the `digest:` config), `period` (the reporting week in the region's time), `collect` (one
plain view per mirrored request, from trusted sources), `metrics` (every figure of one region),
`charts` (Mermaid for GitLab), `markdown` (the digest issue), `svg` and `dashboard` (static HTML).
Pure: no I/O in this package except `dashboard.write`.
"""
