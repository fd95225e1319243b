"""Which roster skills a request's Command Plan calls for: words of the plan matched to skill names.

Roster skills are short names (`ci-cd`, `kubernetes`, `azure-devops-migration`); a request names
products and practices ("Jenkins", "EKS", "Azure DevOps"). Each skill has words that point to it; the
skill's own name (with `-` as a space) always counts. Matching is on whole words, case-insensitively.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

# The Command Plan fields read (4 Questions #2: stack, competitors, use cases), with their labels.
PLAN_FIELDS: tuple[tuple[str, str], ...] = (
    ("scm", "SCM"), ("planning", "Planning"), ("ci_cd", "CI/CD"), ("cloud", "Cloud"),
    ("deployment", "Deployment"), ("competitors", "Competitors"), ("use_cases", "Use cases"))

DEFAULT_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("atlassian-migration", ("atlassian", "bitbucket", "jira", "bamboo", "confluence")),
    ("aws", ("aws", "amazon", "eks", "ec2", "ecs", "lambda", "codepipeline", "codecommit")),
    ("azure", ("azure", "aks", "microsoft")),
    ("azure-devops-migration", ("azure devops", "ado", "tfs", "vsts", "azure boards", "azure repos",
                                "azure pipelines")),
    ("ci-cd", ("ci", "cd", "ci/cd", "cicd", "jenkins", "pipeline", "pipelines", "github actions",
               "circleci", "travis", "teamcity", "bamboo", "argo cd", "argocd", "spinnaker",
               "continuous integration", "continuous delivery", "continuous deployment")),
    ("gcp", ("gcp", "google cloud", "gke", "cloud build")),
    ("github-migration", ("github",)),
    ("kubernetes", ("kubernetes", "k8s", "eks", "aks", "gke", "openshift", "helm", "argo cd", "argocd")),
    ("scm", ("scm", "source code", "version control", "git", "svn", "subversion", "perforce",
             "bitbucket", "github", "merge request", "merge requests", "code review")),
    ("security", ("security", "devsecops", "sast", "dast", "dependency scanning", "secret detection",
                  "vulnerability", "vulnerabilities", "compliance", "soc 2", "snyk", "sonarqube",
                  "advanced security", "supply chain")),
    ("terraform", ("terraform", "iac", "infrastructure as code", "pulumi", "opentofu")),
)


@dataclass(frozen=True)
class SkillMatch:
    """One roster skill the request calls for, and the evidence: which field, which word."""

    skill: str
    field: str  # the Command Plan field's label, e.g. "CI/CD"
    word: str  # the word found (from the vocabulary, never the request's own text)


@cache
def _pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])")


def words_for(skill: str, keywords: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The skill's own name (as words) first, then its vocabulary."""
    own = skill.lower().replace("-", " ").replace("_", " ")
    return tuple(dict.fromkeys((own, *keywords.get(skill.lower(), ()))))


def match_skills(skills: Iterable[str], plan: Mapping[str, str],
                 keywords: Mapping[str, tuple[str, ...]]) -> tuple[SkillMatch, ...]:
    """The skills (of one person) the plan calls for, each with its first evidence, in roster order."""
    texts = [(label, plan.get(key, "").lower()) for key, label in PLAN_FIELDS]
    found: list[SkillMatch] = []
    for skill in dict.fromkeys(s.lower() for s in skills):
        hit = next(((label, w) for label, text in texts if text for w in words_for(skill, keywords)
                    if _pattern(w).search(text)), None)
        if hit:
            found.append(SkillMatch(skill, hit[0], hit[1]))
    return tuple(found)
