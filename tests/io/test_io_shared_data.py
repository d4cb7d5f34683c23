"""The real-data tests skip without ``../shared/data``, except in CI where they must fail."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TEST = "tests/io/test_io_values_real.py::test_known_values"
REPO_ROOT = Path(__file__).resolve().parents[2]


def run_without_shared_data(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KANSEN_SHARED_DATA": str(tmp_path / "absent")}
    env.pop("CI", None)
    if ci is not None:
        env["CI"] = ci
    command = [sys.executable, "-m", "pytest", TEST, "-q", "-rs", "-p", "no:cacheprovider"]
    return subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_real_data_tests_skip_when_the_data_is_absent(tmp_path: Path) -> None:
    result = run_without_shared_data(tmp_path, ci=None)
    assert result.returncode == 0, result.stdout
    assert "../shared/data is absent" in result.stdout
    assert "1 skipped" in result.stdout


def test_real_data_tests_fail_in_ci_when_the_data_is_absent(tmp_path: Path) -> None:
    result = run_without_shared_data(tmp_path, ci="true")
    assert result.returncode == 1, result.stdout
    assert "../shared/data is absent" in result.stdout
    assert "1 error" in result.stdout


@pytest.mark.shared_data
def test_the_shared_data_folder_is_found(shared_data: Path) -> None:
    assert (shared_data / "nl" / "ses_woa_amsterdam_2019.csv").is_file()
