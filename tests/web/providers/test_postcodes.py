"""Centres of four-digit postcodes: the real national list, bad files, and the command."""

from __future__ import annotations

import csv

import pytest
import typer
from pyproj import Transformer
from typer.testing import CliRunner

from kansen.io import ImportRejected
from kansen.web.directory.cli import register_import
from kansen.web.directory.models import PostcodeArea
from kansen.web.directory.postcodes import PostcodeCentroid, read_pc4_centroids
from kansen.web.directory.services import save_postcode_areas

PC4_FILE = "nl/pc4_coordinates.csv"


@pytest.fixture
def pc4_file(shared_data):
    return shared_data / PC4_FILE


@pytest.mark.shared_data
def test_the_real_file_reads_whole_in_rd_new(pc4_file):
    centroids = read_pc4_centroids(pc4_file, pc4_file.name)
    assert len(centroids) == 4699
    by_code = {c.code: c for c in centroids}
    # 2311 (Leiden), converted here independently of the reader.
    to_rd = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)
    with pc4_file.open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["postcode"] == "2311")
    x, y = to_rd.transform(float(row["longitude"]), float(row["latitude"]))
    assert by_code["2311"] == PostcodeCentroid("2311", round(x, 1), round(y, 1), "Leiden")
    # Every centre lies in the Netherlands' RD New extent.
    assert all(0 < c.x < 300_000 and 300_000 < c.y < 625_000 for c in centroids)


@pytest.mark.parametrize(
    ("row", "problems"),
    [
        ("0999,Nergens,52.1,5.1", [(3, "postcode")]),
        ("12345,Nergens,52.1,5.1", [(3, "postcode")]),
        ("3511,Utrecht,52.1,5.1", [(3, "postcode")]),  # the same postcode as row 2
        ("3512,Utrecht,5.1,52.1", [(3, "latitude"), (3, "longitude")]),  # swapped
        ("3512,Utrecht,52;1,5.1", [(3, "latitude")]),
        ("3512,Utrecht,,5.1", [(3, "latitude")]),
    ],
)
def test_bad_rows_are_reported_at_row_and_column(row, problems):
    text = f"postcode,woonplaats,latitude,longitude\n3511,Utrecht,52.09,5.12\n{row}\n"
    with pytest.raises(ImportRejected) as rejected:
        read_pc4_centroids(text.encode(), "pc4.csv")
    assert [(p.row, p.column) for p in rejected.value.problems] == problems


def test_missing_columns_are_named():
    with pytest.raises(ImportRejected) as rejected:
        read_pc4_centroids(b"pc4;lat;longitude\n3511;52.1;5.1\n", "pc4.csv")
    assert [(p.row, p.column) for p in rejected.value.problems] == [
        (1, "postcode"),
        (1, "latitude"),
    ]


def test_semicolons_and_bom_are_read():
    text = "\ufeffpostcode;latitude;longitude\n3511;52.09;5.12\n".encode()
    assert [c.code for c in read_pc4_centroids(text, "pc4.csv")] == ["3511"]


@pytest.mark.django_db
def test_saving_updates_or_keeps_existing_codes():
    PostcodeArea.objects.create(code="9991", x=1.0, y=2.0, place="Demostad")
    centroids = [PostcodeCentroid("9991", 10.0, 20.0, "Echt"), PostcodeCentroid("3511", 3, 4)]
    kept = save_postcode_areas(centroids, keep_existing=True)
    assert (kept.created, kept.updated, kept.kept) == (1, 0, 1)
    assert PostcodeArea.objects.get(code="9991").x == 1.0
    replaced = save_postcode_areas(centroids)
    assert (replaced.created, replaced.updated, replaced.kept) == (0, 2, 0)
    assert PostcodeArea.objects.get(code="9991").place == "Echt"


@pytest.mark.shared_data
@pytest.mark.django_db(transaction=True)
def test_the_command_imports_the_real_file_all_or_nothing(pc4_file, tmp_path):
    app = typer.Typer()
    import_app = typer.Typer()
    app.add_typer(import_app, name="import")
    register_import(import_app)
    runner = CliRunner()
    result = runner.invoke(app, ["import", "postcodes", str(pc4_file)])
    assert result.exit_code == 0, result.output
    assert "4699 postcodes added" in result.output
    assert PostcodeArea.objects.count() == 4699

    before = PostcodeArea.objects.get(code="1000")
    bad = tmp_path / "pc4.csv"
    bad.write_text("postcode,latitude,longitude\n1000,52.0,5.0\n1001,abc,4.8\n")
    result = runner.invoke(app, ["import", "postcodes", str(bad)])
    assert result.exit_code == 1
    after = PostcodeArea.objects.get(code="1000")
    assert (after.x, after.y) == (before.x, before.y)  # row 2 was fine, but nothing changed
    assert PostcodeArea.objects.count() == 4699
