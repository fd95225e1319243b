"""Sources of SA requests (Salesforce, CSV and JSON lines exports), normalized into `SARequest`.

request.py (the typed request) · fields.py (field mapping, value parsers) · exports.py (CSV,
JSONL) · salesforce.py (SOQL via simple-salesforce) · config.py (`sources:` section, `read_all`).
"""
