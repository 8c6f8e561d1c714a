"""Integrations: the pre-commit hooks (run through the real pre-commit) and the CI examples in docs/ci.md."""
from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

yaml = pytest.importorskip("yaml", reason="PyYAML is needed to read .pre-commit-hooks.yaml and docs/ci.md")

HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"
CI_DOC = ROOT / "docs" / "ci.md"

BAD = "He wants a U -turn for $ 70 billion. As a Tech Industry expert, I see great potential.\n"
CLEAN = "The committee met on Tuesday and approved the new budget for the city library.\n"


# --------------------------------------------------------------------------- helpers

def _hooks() -> dict[str, dict]:
    hooks = yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    return {h["id"]: h for h in hooks}


def _yaml_blocks() -> list:
    text = CI_DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"^```yaml\n(.*?)^```", text, flags=re.S | re.M)
    return [yaml.safe_load(b) for b in blocks]


def _github_workflow() -> dict:
    found = [b for b in _yaml_blocks() if isinstance(b, dict) and "jobs" in b]
    assert len(found) == 1, "docs/ci.md should hold exactly one GitHub Actions workflow"
    return found[0]


def _gitlab_config() -> dict:
    found = [b for b in _yaml_blocks() if isinstance(b, dict) and "jobs" not in b and "repos" not in b]
    assert len(found) == 1, "docs/ci.md should hold exactly one GitLab CI configuration"
    return found[0]


def _gitlab_script(config: dict, job: str) -> list[str]:
    """A job's script, with `extends:` resolved one level (enough for the example)."""
    body = dict(config[job])
    parent = body.get("extends")
    merged = {**config[parent], **body} if parent else body
    return list(merged.get("before_script", [])) + list(merged["script"])


def _mtcheck_commands(lines: list[str]) -> list[list[str]]:
    """The `mtcheck check …` commands in shell lines, as argument lists."""
    out = []
    for line in lines:
        for cmd in re.split(r"&&|\n", line):
            if cmd.strip().startswith("mtcheck check"):
                out.append(shlex.split(cmd, comments=True))
    return out


def _assert_cli_accepts(argv: list[str]) -> None:
    """Parse a documented command line with mtcheck's own CLI, without running it."""
    from mtcheck.cli import main

    assert argv[:2] == ["mtcheck", "check"]
    command = main.get_command(None, "check")  # type: ignore[arg-type]
    command.make_context("check", argv[2:])  # raises click.UsageError on a wrong option or choice


def _option(argv: list[str], name: str) -> str | None:
    return argv[argv.index(name) + 1] if name in argv else None


def _pre_commit_cmd() -> list[str] | None:
    if importlib.util.find_spec("pre_commit") is not None:
        return [sys.executable, "-m", "pre_commit"]
    exe = shutil.which("pre-commit")
    return [exe] if exe else None


# --------------------------------------------------------------------------- .pre-commit-hooks.yaml

def test_hooks_manifest_content() -> None:
    hooks = _hooks()
    assert set(hooks) == {"mtcheck", "mtcheck-system"}
    python, system = hooks["mtcheck"], hooks["mtcheck-system"]
    assert python["name"] == "mtcheck"
    assert python["language"] == "python" and system["language"] == "system"
    for hook in (python, system):
        assert hook["entry"] == "mtcheck check"
        assert hook["require_serial"] is False
        assert hook.get("pass_filenames", True) is True
        pattern = re.compile(hook["files"])
        for name in ("a.txt", "dir/b.md", "c.markdown", "d.html", "e.htm"):
            assert pattern.search(name), name
        for name in ("setup.py", "config.yaml", "a.txt.bak", "notes.rst"):
            assert not pattern.search(name), name
    # both hooks check the same files
    assert {k: v for k, v in python.items() if k not in ("id", "name", "language", "description")} == \
        {k: v for k, v in system.items() if k not in ("id", "name", "language", "description")}


def test_hooks_manifest_validates_with_pre_commit() -> None:
    cmd = _pre_commit_cmd()
    if cmd is None:
        pytest.skip("pre-commit is not installed (pip install pre-commit)")
    r = subprocess.run([*cmd, "validate-manifest", str(HOOKS_FILE)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


# --------------------------------------------------------------------------- the real pre-commit

@pytest.fixture()
def hook_repo(tmp_path):
    """Make a git repository using the `mtcheck-system` hook; returns (make, run)."""
    pre_commit = _pre_commit_cmd()
    if pre_commit is None:
        pytest.skip("pre-commit is not installed (pip install pre-commit)")
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    env = dict(os.environ)
    # the hook runs the `mtcheck` installed next to this interpreter (language: system uses PATH)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    if shutil.which("mtcheck", path=env["PATH"]) is None:
        pytest.skip("the mtcheck command is not on PATH")
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    env["PRE_COMMIT_COLOR"] = "never"
    env["NO_COLOR"] = "1"
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env.pop("PRE_COMMIT", None)
    env.pop("SKIP", None)

    hook = _hooks()["mtcheck-system"]
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}

    def git_run(repo: Path, *args: str) -> None:
        subprocess.run([git, "-c", "commit.gpgsign=false", *args], cwd=repo, env=env, check=True,
                       capture_output=True, text=True)

    def make(files: dict[str, str]) -> Path:
        repo = tmp_path / f"repo{len(list(tmp_path.glob('repo*')))}"
        repo.mkdir()
        git_run(repo, "init", "-q")
        git_run(repo, "config", "user.name", "mtcheck tests")
        git_run(repo, "config", "user.email", "tests@example.invalid")
        (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        for name, text in files.items():
            path = repo / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        git_run(repo, "add", "-A")
        git_run(repo, "commit", "-q", "--no-verify", "-m", "articles")
        return repo

    def run(repo: Path, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*pre_commit, "run", "--color", "never", *args], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=300)

    return make, run


def test_bad_article_fails_the_default_gate(tmp_path) -> None:
    from click.testing import CliRunner

    from mtcheck.cli import main

    (tmp_path / "bad.txt").write_text(BAD, encoding="utf-8")
    r = CliRunner().invoke(main, ["check", str(tmp_path / "bad.txt"), "--no-color"])
    assert r.exit_code == 1, r.output


def test_pre_commit_hook_fails_on_a_bad_article(hook_repo) -> None:
    make, run = hook_repo
    repo = make({"articles/bad.txt": BAD, "articles/good.md": "# News\n\n" + CLEAN})
    r = run(repo, "--all-files")
    out = r.stdout + r.stderr
    assert r.returncode != 0, out
    assert "mtcheck (system)" in out and "Failed" in out, out
    assert re.search(r"\b[A-Z]{2}\d{3}\b", out), out  # a rule code
    assert "HY001" in out and "bad.txt" in out, out


def test_pre_commit_hook_passes_clean_articles_and_skips_other_files(hook_repo) -> None:
    make, run = hook_repo
    repo = make({
        "articles/good.txt": CLEAN,
        "articles/good.html": f"<html><body><p>{CLEAN}</p></body></html>\n",
        # not an article: the hook's `files` pattern leaves it out, bad as its text is
        "scripts/notes.py": f"# {BAD}",
    })
    r = run(repo, "--all-files")
    out = r.stdout + r.stderr
    assert r.returncode == 0, out
    assert "mtcheck (system)" in out and "Passed" in out, out


def test_pre_commit_hook_runs_on_named_files(hook_repo) -> None:
    make, run = hook_repo
    repo = make({"articles/bad.txt": BAD, "articles/good.txt": CLEAN})
    assert run(repo, "--files", "articles/good.txt").returncode == 0
    r = run(repo, "--files", "articles/bad.txt")
    assert r.returncode != 0 and "HY001" in r.stdout, r.stdout + r.stderr


# --------------------------------------------------------------------------- docs/ci.md

def test_ci_doc_github_workflow() -> None:
    wf = _github_workflow()
    on = wf.get("on", wf.get(True))  # YAML 1.1: a bare `on` key loads as True
    assert isinstance(on, dict) and "pull_request" in on
    assert wf["permissions"]["security-events"] == "write"
    (job,) = wf["jobs"].values()
    steps = job["steps"]
    uses = [s.get("uses", "") for s in steps]
    runs = [s.get("run", "") for s in steps]
    assert any(u.startswith("actions/checkout@") for u in uses)
    assert any("pip install" in r for r in runs)

    commands = _mtcheck_commands(runs)
    for argv in commands:
        _assert_cli_accepts(argv)
    sarif = [a for a in commands if _option(a, "--format") == "sarif"]
    assert sarif and _option(sarif[0], "-o") == "mtcheck.sarif"
    github = [a for a in commands if _option(a, "--format") == "github"]
    assert github, "a step should print --format github annotations"
    assert "--exit-zero" in github[0]  # annotations only: the sarif step is the gate

    (upload,) = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert upload["with"]["sarif_file"] == "mtcheck.sarif"
    assert str(upload.get("if", "")).startswith("always()")
    # steps run in order: install, then mtcheck, then the upload
    index = {id(s): i for i, s in enumerate(steps)}
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    check_step = next(s for s in steps if "--format sarif" in s.get("run", ""))
    assert index[id(install)] < index[id(check_step)] < index[id(upload)]


def test_ci_doc_gitlab_jobs() -> None:
    config = _gitlab_config()
    script = _gitlab_script(config, "mtcheck")
    commands = _mtcheck_commands(script)
    assert commands
    for argv in commands:
        _assert_cli_accepts(argv)
    junit = [a for a in commands if _option(a, "--format") == "junit"]
    assert junit and "--exit-zero" not in junit[0]
    report = config["mtcheck"]["artifacts"]["reports"]["junit"]
    assert _option(junit[0], "-o") == report == "mtcheck.junit.xml"
    assert config["mtcheck"]["artifacts"]["when"] == "always"
    assert any("pip install" in line for line in script)

    cq = config["mtcheck-codequality"]
    assert cq["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    for argv in _mtcheck_commands(_gitlab_script(config, "mtcheck-codequality")):
        _assert_cli_accepts(argv)


def test_ci_doc_gitlab_codequality_converter_runs(tmp_path) -> None:
    """The Python in the Code Quality job turns a real JSON report into GitLab's format."""
    from mtcheck.lint import check_paths
    from mtcheck.render import RENDERERS

    config = _gitlab_config()
    script = config["mtcheck-codequality"]["script"]
    (heredoc,) = [s for s in script if s.startswith("python - <<'PY'")]
    code = heredoc.split("\n", 1)[1].rsplit("PY", 1)[0]

    (tmp_path / "bad.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / "good.txt").write_text(CLEAN, encoding="utf-8")
    report = check_paths([tmp_path / "bad.txt", tmp_path / "good.txt"])
    (tmp_path / "mtcheck.json").write_text(RENDERERS["json"](report), encoding="utf-8")
    subprocess.run([sys.executable, "-"], input=code, cwd=tmp_path, check=True, text=True, timeout=60)

    issues = json.loads((tmp_path / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert len(issues) == report.findings >= 2
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    for issue in issues:
        assert issue["type"] == "issue"
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert re.fullmatch(r"[A-Z]{2}\d{3}", issue["check_name"])
        assert issue["location"]["path"].endswith("bad.txt")
        assert issue["location"]["lines"]["begin"] == 1
    assert {"HY001", "LC004"} <= {i["check_name"] for i in issues}


def test_ci_doc_pre_commit_snippet() -> None:
    blocks = [b for b in _yaml_blocks() if isinstance(b, dict) and "repos" in b]
    assert len(blocks) == 1
    (repo,) = blocks[0]["repos"]
    assert "rev" in repo and repo["repo"].startswith("https://")
    (hook,) = repo["hooks"]
    assert hook["id"] in _hooks()
    pattern = re.compile(hook["files"])
    assert pattern.search("articles/2024/story.md") and pattern.search("articles/a.txt")
    assert not pattern.search("README.md") and not pattern.search("articles/build.py")


def test_ci_doc_pre_commit_snippet_validates(tmp_path) -> None:
    cmd = _pre_commit_cmd()
    if cmd is None:
        pytest.skip("pre-commit is not installed (pip install pre-commit)")
    (snippet,) = [b for b in _yaml_blocks() if isinstance(b, dict) and "repos" in b]
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(yaml.safe_dump(snippet), encoding="utf-8")
    r = subprocess.run([*cmd, "validate-config", str(config)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def _documented_commands() -> list[list[str]]:
    wf = _github_workflow()
    (job,) = wf["jobs"].values()
    gitlab = _gitlab_config()
    return (_mtcheck_commands([s.get("run", "") for s in job["steps"]])
            + _mtcheck_commands(_gitlab_script(gitlab, "mtcheck"))
            + _mtcheck_commands(_gitlab_script(gitlab, "mtcheck-codequality")))


@pytest.mark.parametrize("argv", _documented_commands(), ids=" ".join)
def test_ci_doc_commands_run(argv, tmp_path, monkeypatch) -> None:
    """Each documented command works on a folder of articles: the gate exits 1, --exit-zero 0."""
    from click.testing import CliRunner

    from mtcheck.cli import main

    fmt = _option(argv, "--format")
    if importlib.util.find_spec(f"mtcheck.render.{fmt}") is None:
        pytest.skip(f"the {fmt} renderer is not built yet")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "bad.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / "articles" / "good.txt").write_text(CLEAN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, argv[1:])
    assert r.exit_code == (0 if "--exit-zero" in argv else 1), r.output
    out = _option(argv, "-o")
    text = (tmp_path / out).read_text(encoding="utf-8") if out else r.output
    assert "HY001" in text
