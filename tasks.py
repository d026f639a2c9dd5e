#!/usr/bin/env python3
"""Set-up and the two everyday commands, needing nothing but python3.

    python3 tasks.py run     # install what's missing, then `cmebot serve` on embedded defaults
    python3 tasks.py test    # install what's missing, start PostgreSQL if it's down, run the tests
    python3 tasks.py check   # ruff and mypy
    python3 tasks.py lock    # re-resolve uv.lock after pyproject.toml's dependencies change
    python3 tasks.py setup   # only install

Why a Python script and not a Makefile: a fresh machine may not have make,
but it has python3. Every install comes from uv.lock, which pins each package
(and every transitive one) with its hashes, so two machines get the same bytes;
pyproject.toml keeps the ranges we accept. uv itself, pinned below, is
installed into .tools/ by pip on first use. Installs are skipped when nothing
changed (a stamp file holds the hash of pyproject.toml and uv.lock).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
STAMP = VENV / ".cmebot-installed"
LOCK = ROOT / "uv.lock"
# The one tool that is not in the lock; bump it by hand (its changelog: docs.astral.sh/uv).
UV_VERSION = "0.13.8"
TOOLS = ROOT / ".tools"
# Debian packages, keyed by a file that shows each is there: Tesseract reads phone
# photos of certificates; poppler-utils rasterises scanned PDFs for it; DejaVu
# gives the PDF report "™", "—" and accents; swaks is the e-mail tests' SMTP client.
SYSTEM_PACKAGES = {
    "tesseract": "tesseract-ocr",
    "pdftoppm": "poppler-utils",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf": "fonts-dejavu-core",
    "swaks": "swaks",
}


def sh(*cmd: str | Path, check: bool = True, **kw: object) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], check=check, **kw).returncode  # type: ignore[call-overload]


def ensure_uv() -> Path:
    """uv at UV_VERSION in its own venv under .tools/, so `uv sync` never removes the uv it runs."""
    home = TOOLS / f"uv-{UV_VERSION}"
    uv = home / "bin" / "uv"
    if not uv.exists():
        if sh(sys.executable, "-m", "venv", "--clear", home, check=False) != 0:
            # Debian's python3 comes without ensurepip until python3-venv is installed.
            if not apt_install(["python3-venv"], why="to make virtual environments"):
                sys.exit("python3 cannot make a venv here: install python3-venv, then run this again")
            sh(sys.executable, "-m", "venv", "--clear", home)
        sh(home / "bin" / "python", "-m", "pip", "install", "-q", f"uv=={UV_VERSION}")
    return uv


def uv_env() -> dict[str, str]:
    """The project's venv is .venv, on this python3; uv never downloads an interpreter of its own."""
    return dict(
        os.environ,
        UV_PROJECT_ENVIRONMENT=str(VENV),
        UV_PYTHON=sys.executable,
        UV_PYTHON_DOWNLOADS="never",
        UV_NO_PROGRESS="1",
    )


def ensure_venv() -> None:
    lock_bytes = LOCK.read_bytes() if LOCK.exists() else b""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + lock_bytes).hexdigest()
    if STAMP.exists() and STAMP.read_text() == digest and (BIN / "cmebot").exists():
        return
    # --locked: a uv.lock older than pyproject.toml stops here instead of installing something else.
    code = sh(ensure_uv(), "sync", "--locked", "--extra", "dev", check=False, cwd=ROOT, env=uv_env())
    if code != 0:
        sys.exit(f"install failed; if uv.lock is out of date, run: python3 {Path(__file__).name} lock")
    STAMP.write_text(digest)


def lock(args: list[str]) -> int:
    """Re-resolve uv.lock: new or changed ranges in pyproject.toml; keeps every other pin as it is.

    `lock --upgrade-package NAME` moves one package to its newest allowed release,
    `lock --upgrade` moves them all.
    """
    if LOCK.exists() and "\n<<<<<<< " in LOCK.read_text():
        # A merge left conflict markers: start from the merged-into branch's lock, whose pins
        # were tested, and let uv add what the other side's pyproject.toml asks for.
        head = subprocess.run(["git", "show", "HEAD:uv.lock"], cwd=ROOT, capture_output=True, check=False)
        if head.returncode == 0:
            print("uv.lock had merge conflicts; re-resolving from HEAD's uv.lock", flush=True)
            LOCK.write_bytes(head.stdout)
        else:
            print("uv.lock had merge conflicts; resolving afresh", flush=True)
            LOCK.unlink()
    return sh(ensure_uv(), "lock", *args, check=False, cwd=ROOT, env=uv_env())


def ensure_system_packages() -> None:
    missing = [
        pkg
        for probe, pkg in SYSTEM_PACKAGES.items()
        if (not Path(probe).exists() if probe.startswith("/") else shutil.which(probe) is None)
    ]
    if missing:
        apt_install(missing, why="for photo OCR and the e-mail tests")


def apt_install(packages: list[str], *, why: str) -> bool:
    """Install Debian packages as root (or with passwordless sudo); False when that can't be done."""
    apt = shutil.which("apt-get")
    prefix: list[str] = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else [])
    if apt is None or (os.geteuid() != 0 and not prefix):
        print(f"note: install {' '.join(packages)} {why}", file=sys.stderr)
        return False
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    sh(*prefix, apt, "update", "-qq", check=False, env=env)
    install = [*prefix, apt, "install", "-y", "-qq", "--no-install-recommends", *packages]
    return sh(*install, env=env, check=False) == 0


def ensure_postgres() -> None:
    """Start the local PostgreSQL cluster when it is installed but down (CI, fresh boot)."""
    if os.environ.get("CMEBOT_TEST_PG_URL"):
        return
    if shutil.which("pg_isready") and sh("pg_isready", "-q", "-h", "127.0.0.1", check=False) == 0:
        return
    clusters = Path("/etc/postgresql")
    if not clusters.is_dir() or not shutil.which("pg_ctlcluster"):
        print("note: no local PostgreSQL found; set CMEBOT_TEST_PG_URL", file=sys.stderr)
        return
    for version in sorted(p.name for p in clusters.iterdir()):
        sh("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start", check=False)
    for _ in range(30):
        if sh("pg_isready", "-q", "-h", "127.0.0.1", check=False) == 0:
            return
        subprocess.run(["sleep", "1"], check=False)


def main(argv: list[str]) -> int:
    task = argv[0] if argv else "help"
    if task not in {"run", "test", "check", "setup", "lock"}:
        print(__doc__)
        return 2
    if task == "lock":
        return lock(argv[1:])
    ensure_venv()
    ensure_system_packages()
    os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ['PATH']}"
    if task == "run":
        os.chdir(ROOT)
        print(
            "Starting cmebot. In another terminal:\n"
            "  .venv/bin/cmebot member add --email you@example.org --name 'Your Name'\n"
            "  .venv/bin/cmebot chat --as you@example.org",
            flush=True,
        )
        os.execv(BIN / "cmebot", ["cmebot", "serve", *argv[1:]])
    if task == "test":
        ensure_postgres()
        return sh(BIN / "pytest", *argv[1:], check=False, cwd=ROOT)
    if task == "check":
        ruff = sh(
            BIN / "ruff", "check", "bot", "handlers", "storage", "tests", "bench", check=False, cwd=ROOT
        )
        mypy = sh(BIN / "mypy", "bot", "handlers", "storage", check=False, cwd=ROOT)
        return ruff or mypy
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
