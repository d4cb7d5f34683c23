"""Engines (Ibis backends) and reading the pupil data into an Ibis table.

DuckDB is embedded and the default. Spark runs in local mode unless the caller brings its own
session: :func:`spark_session` creates one lazily with settings that work on a closed machine
(loopback only, no web UI, few shuffle partitions) and reuses it until :func:`stop_spark`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import ibis
import pandas as pd
import pyarrow as pa

if TYPE_CHECKING:
    import ibis.expr.types as ir
    from ibis.backends import BaseBackend

Engine = Literal["duckdb", "spark"]
#: What the estimates can be computed from.
PupilSource: TypeAlias = "str | os.PathLike[str] | pd.DataFrame | pa.Table | ir.Table | Any"

_SPARK: dict[str, Any] = {}


class EngineUnavailable(RuntimeError):
    """Raised when an engine cannot start (PySpark or Java missing)."""


def spark_session(master: str = "local[2]", shuffle_partitions: int = 4) -> Any:
    """The Spark session used by ``engine="spark"``, created on first use.

    Parameters
    ----------
    master : str, default "local[2]"
        Spark master URL.
    shuffle_partitions : int, default 4
        ``spark.sql.shuffle.partitions``; small, because the aggregated tables are small.

    Returns
    -------
    pyspark.sql.SparkSession
        A session bound to 127.0.0.1 without the web UI; the driver gets the memory in
        ``KANSEN_SPARK_DRIVER_MEMORY`` (default ``2g``).

    Raises
    ------
    EngineUnavailable
        When PySpark is not installed or Java cannot be found.
    """
    if "session" in _SPARK:
        return _SPARK["session"]
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise EngineUnavailable(
            "engine='spark' needs PySpark: pip install 'kansen[spark]'"
        ) from error
    if not os.environ.get("JAVA_HOME") and shutil.which("java") is None:
        raise EngineUnavailable("engine='spark' needs Java 17 or later (java on PATH or JAVA_HOME)")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    warehouse = tempfile.mkdtemp(prefix="kansen-spark-")
    session = (
        SparkSession.builder.master(master)
        .appName("kansen-opportunity")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", warehouse)
        .config("spark.driver.memory", os.environ.get("KANSEN_SPARK_DRIVER_MEMORY", "2g"))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    _SPARK["session"] = session
    _SPARK["warehouse"] = warehouse
    return session


def stop_spark() -> None:
    """Stop the session made by :func:`spark_session`, if any."""
    session = _SPARK.pop("session", None)
    if session is not None:
        session.stop()
    warehouse = _SPARK.pop("warehouse", None)
    if warehouse is not None:
        shutil.rmtree(warehouse, ignore_errors=True)


def connect(engine: Engine | BaseBackend) -> BaseBackend:
    """An Ibis backend for an engine name, or the backend itself.

    Parameters
    ----------
    engine : {"duckdb", "spark"} or ibis backend
        ``"duckdb"``: a new in-memory DuckDB database; ``"spark"``: the shared local Spark
        session of :func:`spark_session`; an Ibis backend is used as it is.

    Returns
    -------
    ibis backend
    """
    if not isinstance(engine, str):
        return engine
    if engine == "duckdb":
        return ibis.duckdb.connect()
    if engine == "spark":
        return ibis.pyspark.connect(spark_session())
    raise ValueError(f"engine must be 'duckdb' or 'spark' (or an Ibis backend), not {engine!r}")


def engine_name(backend: BaseBackend) -> str:
    """``"duckdb"``, ``"spark"`` or the backend's own name."""
    name = str(getattr(backend, "name", type(backend).__module__))
    return "spark" if name == "pyspark" else name


def _is_polars(data: object) -> bool:
    return type(data).__module__.split(".")[0] == "polars"


def load_pupils(source: PupilSource, backend: BaseBackend, table: str | None = None) -> ir.Table:
    """The pupil data as an Ibis table on the backend.

    Parameters
    ----------
    source : path, DataFrame, pyarrow.Table or ibis Table
        A Parquet file or folder (``.parquet``, ``.pq``), a CSV file (``.csv``, ``.csv.gz``),
        a DuckDB database file (``.duckdb``, ``.db``, with ``table``), a pandas or Polars
        DataFrame, a pyarrow Table, or an Ibis table.
    backend : ibis backend
        Where the table is read.
    table : str, optional
        The table in a DuckDB database file.

    Returns
    -------
    ibis.expr.types.Table

    Raises
    ------
    FileNotFoundError
        When a path does not exist.
    ValueError
        For an unknown kind of file, or a DuckDB file without ``table``.
    """
    if isinstance(source, ibis.Table):
        return source
    if isinstance(source, pd.DataFrame | pa.Table):
        return ibis.memtable(source)
    if _is_polars(source):
        polars_frame: Any = source
        return ibis.memtable(polars_frame.to_arrow())
    if not isinstance(source, str | os.PathLike):
        raise TypeError(
            "pupil data must be a path, a pandas or Polars DataFrame, a pyarrow Table or an "
            f"Ibis table; got {type(source).__name__}"
        )
    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(f"no such file or folder: {path}")
    suffixes = "".join(path.suffixes[-2:]).lower()
    if path.is_dir() or suffixes.endswith((".parquet", ".pq")):
        return backend.read_parquet(str(path))
    if suffixes.endswith((".csv", ".csv.gz")):
        return backend.read_csv(str(path))
    if suffixes.endswith((".duckdb", ".db")):
        if table is None:
            raise ValueError(f"{path.name} is a DuckDB database: name the table with table=...")
        if engine_name(backend) == "duckdb":
            alias = f"pupil_source_{uuid.uuid4().hex[:8]}"
            backend.attach(str(path), name=alias, read_only=True)
            return backend.table(table, database=alias)
        reader = ibis.duckdb.connect(str(path), read_only=True)
        return ibis.memtable(reader.table(table).to_pyarrow())
    raise ValueError(
        f"cannot read {path.name}: expected .parquet, .pq, .csv, .csv.gz, .duckdb or .db"
    )
