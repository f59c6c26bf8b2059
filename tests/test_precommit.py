"""The pre-commit hook (.pre-commit-hooks.yaml) run by the real pre-commit tool, as a portfolio repository uses it.

The hook repository is a git repository made from this working tree's files (tracked and new, as they are now, so
uncommitted changes are what is tested), committed once. pre-commit clones it, makes its own virtualenv and pip
installs the project with its dependencies from PyPI: that is slow (about a minute), so it is done once for the
module, in a PRE_COMMIT_HOME of its own. Each test then commits in a portfolio repository of its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import GOOD_ACTIVITY, GOOD_OBJECTIVE, REPO, cli_env, write_files

pytest.importorskip("pre_commit", reason="pre-commit is in the [test] extra: pip install -e '.[test]'")

HOOKS = REPO / ".pre-commit-hooks.yaml"
PORTFOLIO = {
    "README.md": "# My CPD portfolio\n",
    "entries/objectives/mr-safety.md": GOOD_OBJECTIVE,
    "entries/2026/2026-03-02-journal-club.md": GOOD_ACTIVITY,
    "entries/evidence/certificate.txt": "certificate\n",
}
# An activity with an impossible date on line 3, column 7.
BROKEN = "---\ntitle: Broken\ndate: 2026-02-30\ntype: work-based\n---\nbody\n"


def _git(*args: str, cwd: Path, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", check=check, timeout=600
    )


@pytest.fixture(scope="module")
def hook_env(tmp_path_factory) -> tuple[dict[str, str], Path, str]:
    """(environment, hook repository, its commit): the hook installed once in a PRE_COMMIT_HOME of the module's."""
    home = tmp_path_factory.mktemp("precommit")
    gitconfig = home / "gitconfig"
    gitconfig.write_text(
        "[user]\n\tname = Test\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n"
        "[commit]\n\tgpgsign = false\n",
        encoding="utf-8",
    )
    env = cli_env()
    env.update(
        PRE_COMMIT_HOME=str(home / "cache"),
        GIT_CONFIG_GLOBAL=str(gitconfig),
        GIT_CONFIG_NOSYSTEM="1",
        PRE_COMMIT_COLOR="never",
    )
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(name, None)
    # The hook repository: this working tree's files as they are now (tracked, and new ones not ignored).
    source = home / "cpd-portfolio"
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    for rel in filter(None, listed.split("\0")):
        src = REPO / rel
        dest = source / rel
        if src.is_symlink():  # core/entry.schema.json links to schema/: kept a link, as git keeps it
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(os.readlink(src), dest)
        elif src.is_file():  # a file deleted in the working tree is left out
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)
    _git("init", "-q", cwd=source, env=env)
    _git("add", "-A", cwd=source, env=env)
    _git("commit", "-q", "-m", "the working tree", cwd=source, env=env)
    rev = _git("rev-parse", "HEAD", cwd=source, env=env).stdout.strip()
    # Install the hook's environment once: a throwaway repository that uses it.
    warm = home / "warm"
    _portfolio_repo(warm, env, source, rev)
    done = _pre_commit("install-hooks", cwd=warm, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return env, source, rev


def _pre_commit(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=900,
    )


def _portfolio_repo(root: Path, env: dict[str, str], hook_repo: Path, rev: str) -> Path:
    """A git repository holding a small valid portfolio, committed, with the hook installed as a user installs it."""
    config = {"repos": [{"repo": str(hook_repo), "rev": rev, "hooks": [{"id": "cpd-check"}]}]}
    write_files(root, {**PORTFOLIO, ".pre-commit-config.yaml": yaml.safe_dump(config, sort_keys=False)})
    _git("init", "-q", cwd=root, env=env)
    _git("add", "-A", cwd=root, env=env)
    _git("commit", "-q", "--no-verify", "-m", "a portfolio", cwd=root, env=env)
    return root


@pytest.fixture
def portfolio(hook_env, tmp_path):
    """commit(message) -> (exit code, output) in a fresh portfolio repository with the hook installed."""
    env, hook_repo, rev = hook_env
    root = _portfolio_repo(tmp_path / "portfolio", env, hook_repo, rev)
    installed = _pre_commit("install", cwd=root, env=env)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    def commit(message: str) -> tuple[int, str]:
        done = _git("commit", "-m", message, cwd=root, env=env, check=False)
        return done.returncode, done.stdout + done.stderr

    def head() -> str:
        return _git("rev-parse", "HEAD", cwd=root, env=env).stdout.strip()

    def git(*args: str) -> None:
        _git(*args, cwd=root, env=env)

    return root, commit, head, git


def test_the_hook_checks_the_whole_portfolio_on_every_commit():
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert hook["id"] == "cpd-check"
    assert hook["entry"] == "cpd check"
    assert hook["pass_filenames"] is False  # cpd check finds the entries folder itself
    assert hook["always_run"] is True  # a commit that deletes an entry stages no .md file that still exists
    assert "files" not in hook


def test_a_commit_of_readme_alone_passes(portfolio):
    root, commit, head, git = portfolio
    before = head()
    (root / "README.md").write_text("# My CPD portfolio\n\nKept with cpd.\n", encoding="utf-8")
    git("add", "README.md")
    code, output = commit("README only")
    assert code == 0, output
    assert "check CPD portfolio entries" in output and "Passed" in output
    assert head() != before


def test_a_commit_of_a_bad_entry_is_refused_with_the_located_finding(portfolio):
    root, commit, head, git = portfolio
    before = head()
    write_files(root, {"entries/2026/broken.md": BROKEN})
    git("add", "entries")
    code, output = commit("a broken entry")
    assert code != 0
    assert "Failed" in output
    assert "entries/2026/broken.md:3:7: error: date: '2026-02-30' is not a real date" in output
    assert "Traceback" not in output
    assert head() == before


def test_deleting_an_objective_that_activities_name_is_refused(portfolio):
    root, commit, head, git = portfolio
    before = head()
    git("rm", "-q", "entries/objectives/mr-safety.md")
    code, output = commit("drop the objective")
    assert code != 0
    assert "Failed" in output
    finding = "entries/2026/2026-03-02-journal-club.md:5:14: error: objectives[0]: no objective has the id 'mr-safety'"
    assert finding in output
    assert head() == before
    # Remove the reference too, and the commit goes through.
    activity = root / "entries/2026/2026-03-02-journal-club.md"
    activity.write_text(GOOD_ACTIVITY.replace("objectives: [mr-safety]\n", ""), encoding="utf-8")
    git("add", "entries")
    code, output = commit("drop the objective and the reference to it")
    assert code == 0, output
