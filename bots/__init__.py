"""sa-triage: GitLab-native automation for a Commercial SA team."""
