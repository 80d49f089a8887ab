"""The GitHub workflows: valid against the workflow schema (offline), and least privilege."""

from __future__ import annotations

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
