"""An in-tree PEP 517 build backend that needs nothing but the standard library.

Why not setuptools: the setuptools a fresh virtual environment gets from ``ensurepip`` (65.5 with
Python 3.11.7, 66.1 with Debian's 3.11) cannot build a wheel without the separate ``wheel``
package (``bdist_wheel`` joined setuptools only in 70.1), which a fresh environment lacks and
an offline machine cannot fetch. So ``pip install --no-build-isolation ./clients/python`` failed
with "invalid command 'bdist_wheel'". This backend writes the wheel (PEP 427) and sdist itself
from the ``[project]`` table of pyproject.toml, the one place the metadata lives.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import tarfile
import zipfile
from pathlib import Path
from typing import Dict, List, Optional

try:
    import tomllib
except ImportError:  # Python < 3.11, where pip installs tomli from get_requires_for_build_*
    import tomli as tomllib  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "driftbook"


def _project() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]


def _metadata() -> str:
    project = _project()
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {project['name']}",
        f"Version: {project['version']}",
        f"Summary: {project['description']}",
        f"License: {project['license']['text']}",
        f"Requires-Python: {project['requires-python']}",
    ]
    for extra, requirements in project.get("optional-dependencies", {}).items():
        lines.append(f"Provides-Extra: {extra}")
        lines += [f'Requires-Dist: {requirement}; extra == "{extra}"' for requirement in requirements]
    lines.append("Description-Content-Type: text/markdown")
    return "\n".join(lines) + "\n\n" + (ROOT / project["readme"]).read_text("utf-8")


def _dist_name() -> str:
    project = _project()
    return f"{project['name']}-{project['version']}"


def _package_files() -> List[Path]:
    return sorted(path for path in (ROOT / PACKAGE).rglob("*") if path.is_file() and "__pycache__" not in path.parts)


def _write_wheel(wheel_directory: str, files: Dict[str, bytes]) -> str:
    """A py3-none-any wheel holding ``files`` plus its dist-info (METADATA, WHEEL, RECORD)."""
    dist_info = f"{_dist_name()}.dist-info"
    files = {
        **files,
        f"{dist_info}/METADATA": _metadata().encode(),
        f"{dist_info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: driftbook_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = [f"{name},sha256={_digest(data)},{len(data)}" for name, data in files.items()]
    files[f"{dist_info}/RECORD"] = ("\n".join(record + [f"{dist_info}/RECORD,,"]) + "\n").encode()
    name = f"{_dist_name()}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w", zipfile.ZIP_DEFLATED) as wheel:
        for path, data in files.items():
            wheel.writestr(path, data)
    return name


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def get_requires_for_build_wheel(config_settings: Optional[dict] = None) -> List[str]:
    return [] if tomllib.__name__ == "tomllib" else ["tomli"]


get_requires_for_build_sdist = get_requires_for_build_editable = get_requires_for_build_wheel


def build_wheel(wheel_directory: str, config_settings: Optional[dict] = None, metadata_directory: Optional[str] = None) -> str:
    return _write_wheel(wheel_directory, {path.relative_to(ROOT).as_posix(): path.read_bytes() for path in _package_files()})


def build_editable(wheel_directory: str, config_settings: Optional[dict] = None, metadata_directory: Optional[str] = None) -> str:
    """PEP 660: a wheel whose .pth file puts this folder on sys.path."""
    return _write_wheel(wheel_directory, {f"_{PACKAGE}_editable.pth": f"{ROOT}\n".encode()})


def build_sdist(sdist_directory: str, config_settings: Optional[dict] = None) -> str:
    base = _dist_name()
    paths = [ROOT / "pyproject.toml", ROOT / _project()["readme"], Path(__file__), *_package_files()]
    name = f"{base}.tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz", format=tarfile.PAX_FORMAT) as sdist:
        for path in paths:
            sdist.add(path, f"{base}/{path.relative_to(ROOT).as_posix()}")
        info = _metadata().encode()
        entry = tarfile.TarInfo(f"{base}/PKG-INFO")
        entry.size = len(info)
        sdist.addfile(entry, io.BytesIO(info))
    return name
