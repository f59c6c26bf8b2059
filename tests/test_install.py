"""Installs that work everywhere: the package built from a checkout with no symlinks, installed as a wheel.

Git for Windows clones with core.symlinks=false by default: a symlink arrives as a text file holding its target.
The checkout here is the working tree as such a clone of it would be once committed: every file git tracks or
would track (`git ls-files --cached --others --exclude-standard`, less those deleted), each symlink written as a
text file holding its target. (A real `git -c core.symlinks=false clone` would see HEAD, not the work in hand.)

The wheel is built from that checkout with this venv's setuptools (no build isolation: fast and offline) and
installed, alone (`--no-deps`), into a fresh venv. Its dependencies come from this venv's site-packages, which a
.pth file appends to the fresh venv's sys.path: after the fresh venv's own site-packages, so the wheel's
cpd_portfolio is the one imported (a test checks it), and as a plain path, not a site folder, so that this
venv's editable install (a .pth file of its own) is not run. Installing the dependencies from PyPI would take a
minute and need the network. Then the installed `cpd` checks a copy of the sample and the installed plugin builds
its site strictly, as a user who ran `pip install cpd-portfolio` would.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import EPOCH, REPO

BIN = "Scripts" if os.name == "nt" else "bin"
# Where each source folder's files go in the wheel (pyproject.toml's package-dir).
PACKAGE_FOLDERS = {
    "plugins/cpd_portfolio": "cpd_portfolio",
    "tools/cpd_cli": "cpd_cli",
    "schema": "cpd_portfolio/schema",
}


def _repository_files() -> list[str]:
    """The working tree's files as a commit of it would hold them (POSIX paths relative to the repository)."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout: there is no list of the repository's files")
    listed = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "surrogateescape")
    return sorted({name for name in listed.split("\0") if name and os.path.lexists(REPO / name)})


def _checkout_without_symlinks(target: Path) -> None:
    """What `git -c core.symlinks=false clone` of the working tree gives: a symlink becomes a text file."""
    for name in _repository_files():
        source, copy = REPO / name, target / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            copy.write_text(os.readlink(source), encoding="utf-8")
        elif source.is_file():
            shutil.copyfile(source, copy)


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.pop("PYTHONWARNINGS", None)
    return env


def _run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=_environment(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def _ok(result: subprocess.CompletedProcess) -> str:
    shown = f"{result.args}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
    assert result.returncode == 0, shown
    assert "Traceback" not in result.stdout + result.stderr, shown
    return result.stdout


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in importlib.metadata.version(name).split(".")[:2] if part.isdigit())


@dataclass(frozen=True)
class Installed:
    checkout: Path
    wheel: Path
    python: Path
    bin: Path
    site_packages: Path


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    root = tmp_path_factory.mktemp("install")
    checkout = root / "checkout"
    _checkout_without_symlinks(checkout)
    assert _version("setuptools") >= (77,), "the wheel is built with this venv's setuptools: pip install -e '.[test]'"
    dist = root / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    _ok(_run(*pip, "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index", "-w", dist, checkout))
    (wheel,) = dist.glob("cpd_portfolio-*.whl")

    venv = root / "venv"
    if _version("pip") >= (22, 3):  # pip --python: no pip of its own in the fresh venv, 3 s saved
        _ok(_run(sys.executable, "-m", "venv", "--without-pip", venv))
        python = venv / BIN / "python"
        _ok(_run(*pip, "--python", python, "install", "-q", "--no-deps", "--no-index", wheel))
    else:
        _ok(_run(sys.executable, "-m", "venv", venv))
        python = venv / BIN / "python"
        _ok(_run(python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel))
    site_packages = Path(_ok(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")).strip())
    # Every site-packages folder this interpreter imports from: its venv's, and any it reaches beyond that.
    ours = [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages") and Path(p).is_dir()]
    (site_packages / "zz_dependencies_from_the_test_venv.pth").write_text("".join(f"{p}\n" for p in ours), "utf-8")
    return Installed(checkout, wheel, python, venv / BIN, site_packages)


def _sample(project: Path) -> Path:
    shutil.copytree(REPO / "entries", project / "entries")
    shutil.copytree(REPO / "pages", project / "pages")
    shutil.copyfile(REPO / "mkdocs.yml", project / "mkdocs.yml")
    return project


def test_no_file_of_the_repository_is_a_symlink():
    """A clone without symlink support would get a text file in its place."""
    links = [name for name in _repository_files() if (REPO / name).is_symlink()]
    assert not links, f"symlinks break a clone with core.symlinks=false (Git for Windows' default): {links}"


def test_the_wheel_ships_every_file_of_the_package_folders_and_nothing_else(installed: Installed):
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    expected = {
        f"{package}/{path.relative_to(installed.checkout / folder).as_posix()}"
        for folder, package in PACKAGE_FOLDERS.items()
        for path in (installed.checkout / folder).rglob("*")
        if path.is_file()
    }
    missing = sorted(expected - names)
    assert not missing, (
        f"left out of the wheel: {missing}; add its package to [tool.setuptools] packages in pyproject.toml, "
        "or its kind of file to package-data"
    )
    tops = {name.split("/", 1)[0] for name in names}
    dist_info = next(top for top in tops if top.endswith(".dist-info"))
    assert tops == {"cpd_portfolio", "cpd_cli", dist_info}
    metadata = zipfile.ZipFile(installed.wheel).read(f"{dist_info}/METADATA").decode("utf-8")
    assert "License-Expression: MIT" in metadata.splitlines()
    assert f"{dist_info}/licenses/LICENSE" in names


def test_the_installed_package_is_the_wheel_and_holds_no_symlink(installed: Installed):
    where = _ok(_run(installed.python, "-c", "import cpd_cli, cpd_portfolio; print(cpd_portfolio.__file__)"))
    package = Path(where.strip()).parent
    assert package == installed.site_packages / "cpd_portfolio"
    for top in ("cpd_portfolio", "cpd_cli"):
        for folder, subfolders, files in os.walk(installed.site_packages / top):
            links = [name for name in subfolders + files if os.path.islink(os.path.join(folder, name))]
            assert not links, (folder, links)


def test_cpd_schema_prints_the_installed_schema_file(installed: Installed, tmp_path: Path):
    printed = Path(_ok(_run(installed.bin / "cpd", "schema", cwd=tmp_path)).strip())
    assert printed == installed.site_packages / "cpd_portfolio" / "schema" / "entry.schema.json"
    assert printed.is_file() and not printed.is_symlink()
    shipped = json.loads(printed.read_text(encoding="utf-8"))
    assert shipped == json.loads((REPO / "schema" / "entry.schema.json").read_text(encoding="utf-8"))


def test_installed_cpd_checks_the_sample(installed: Installed, tmp_path: Path):
    project = _sample(tmp_path)
    out = _ok(_run(installed.bin / "cpd", "check", "entries", cwd=project))
    assert out.splitlines()[-1].startswith(f"{len(list((REPO / 'entries').rglob('*.md')))} entries read: 0 errors")


def test_installed_plugin_builds_the_sample_site_strictly(installed: Installed, tmp_path: Path):
    project = _sample(tmp_path)
    _ok(_run(installed.python, "-m", "mkdocs", "build", "--strict", "-d", project / "out", cwd=project))
    for page in ["index.html", "plan/index.html", "objectives/mr-linac-readiness/index.html", "tags/index.html"]:
        assert (project / "out" / page).is_file(), page


def test_installed_cpd_init_makes_a_portfolio_that_builds_strictly(installed: Installed, tmp_path: Path):
    """As a new user starts: cpd init from the installed wheel (its templates shipped), then a strict build."""
    _ok(_run(installed.bin / "cpd", "init", "mine", "--name", "Sam Patel", "--body", "hcpc", cwd=tmp_path))
    project = tmp_path / "mine"
    assert _ok(_run(installed.bin / "cpd", "check", cwd=project)).splitlines()[-1] == (
        "2 entries read: 0 errors, 0 warnings"
    )
    _ok(_run(installed.python, "-m", "mkdocs", "build", "--strict", "-d", project / "out", cwd=project))
    for page in ["index.html", "about/index.html", "objectives/example-objective/index.html", "audit/hcpc/index.html"]:
        assert (project / "out" / page).is_file(), page
