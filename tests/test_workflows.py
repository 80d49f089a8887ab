"""The GitHub workflows: valid against the workflow schema (offline), and least privilege."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

WORKFLOWS = sorted((Path(__file__).resolve().parent.parent / ".github" / "workflows").glob("*.yml"))


def test_there_is_a_ci_and_a_deploy_workflow():
    assert {p.stem for p in WORKFLOWS} >= {"ci", "deploy"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_the_github_schema(path):
    # check-jsonschema ships the schema, so this needs no network.
    proc = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema",
         "vendor.github-workflows", str(path)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_least_privilege(path):
    text = path.read_text()
    wf = yaml.safe_load(text)
    assert "pull_request_target" not in text
    top = wf.get("permissions")
    assert top is not None, "set top-level permissions explicitly"
    assert top in ({}, {"contents": "read"}), f"top-level permissions too broad: {top}"
    for name, job in wf["jobs"].items():
        perms = job.get("permissions", {})
        writes = {k for k, v in perms.items() if v == "write"}
        assert writes <= {"pages", "id-token"}, f"{name} writes {writes}"
        if writes:
            assert "deploy" in name, f"only the deploy job may write ({name})"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_commits(path):
    """A tag can be moved to other code; a commit cannot. Each third-party action is
    pinned to a full commit SHA, with the release it is as a comment for Dependabot and
    readers; checkouts do not leave the token in git's config."""
    lines = [ln.strip() for ln in path.read_text().splitlines() if "uses:" in ln]
    assert lines
    for line in lines:
        target = line.split("uses:", 1)[1].strip()
        if target.startswith("./"):
            continue  # an action in this repository
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", target), line
    wf = yaml.safe_load(path.read_text())
    for name, job in wf["jobs"].items():
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, name


def test_ci_lints_tests_and_builds_strictly():
    ci = (WORKFLOWS[0].parent / "ci.yml").read_text()
    wf = yaml.safe_load(ci)
    assert set(wf[True]) >= {"push", "pull_request"}  # YAML reads the key `on` as True
    for needle in ("ruff check", "pytest", "mkdocs build --strict"):
        assert needle in ci
    assert " -q" not in ci, "-q hides the warnings that --strict counts"


def test_deploy_builds_strictly_from_main():
    wf = yaml.safe_load((WORKFLOWS[0].parent / "deploy.yml").read_text())
    assert wf[True]["push"]["branches"] == ["main"]
    steps = wf["jobs"]["build"]["steps"]
    assert any("mkdocs build --strict" in s.get("run", "") for s in steps)
    assert any(s.get("uses", "").startswith("actions/deploy-pages")
               for s in wf["jobs"]["deploy"]["steps"])


def _cache_steps():
    for path in WORKFLOWS:
        for job in yaml.safe_load(path.read_text())["jobs"].values():
            for step in job.get("steps", []):
                if step.get("uses", "").startswith("actions/cache"):
                    yield path.name, step["with"]


def test_artifact_cache_keys_change_with_what_it_holds():
    steps = list(_cache_steps())
    assert {name for name, _ in steps} >= {"ci.yml", "deploy.yml"}
    for name, cache in steps:
        assert ".cache/recomputed" in cache["path"].split(), name  # notebooks live inside it
        key = cache["key"]
        # An exact hit saves nothing, so the key must cover every input of the cached
        # results: code and data, library versions, and the notebooks executed.
        for pattern in ("'uv.lock'", "'src/**'", "'docs/notebooks/**'"):
            assert pattern in key, f"{name}: cache key lacks {pattern}"
        prefixes = cache["restore-keys"].strip().splitlines()
        assert prefixes and all(key.startswith(p) for p in prefixes), name


def test_ci_also_builds_with_properdocs():
    wf = yaml.safe_load((WORKFLOWS[0].parent / "ci.yml").read_text())
    runs = [s.get("run", "") for job in wf["jobs"].values() for s in job["steps"]]
    assert any("properdocs build" in r and "--strict" in r and "--locked" in r for r in runs)
