"""Spark in local mode (local[2]) validating a 1,000,000-row column through an Arrow UDF
(pyspark.sql.functions.arrow_udf, or pandas_udf where it is missing), compared row for row with
validate_arrow on the same names. Needs Java (.ci/run installs Debian's openjdk-17 where it is
missing)."""

import os
import shutil
import sys

import pyarrow as pa
import pytest

import registry_names as rn

pyspark = pytest.importorskip("pyspark")
if shutil.which("java") is None:
    if os.environ.get("CI"):
        pytest.fail("java is missing: .ci/run installs it", pytrace=False)
    pytest.skip("java is missing", allow_module_level=True)

from pyspark.sql import SparkSession, functions as F  # noqa: E402

ROWS = 1_000_000
KIND = "swr-repository"
RESULT = "struct<valid:boolean,rule:string,offset:int>"


def names(rows):
    """Typical names with every few a broken one and a null."""
    out = []
    for i in range(rows):
        if i % 101 == 0:
            out.append(None)
        elif i % 13 == 0:
            out.append(f"Team{i}/app")
        elif i % 17 == 0:
            out.append(f"team{i}//app")
        else:
            out.append(f"team{i % 1000}/service-{i}.v{i % 7}")
    return out


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("registry-names-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def udf_of(kind):
    if hasattr(F, "arrow_udf"):
        @F.arrow_udf(RESULT)
        def check(column: pa.Array) -> pa.Array:
            return rn.validate_arrow(kind, column)
    else:  # Spark before 4.1
        import pandas as pd

        @F.pandas_udf(RESULT)
        def check(column: pd.Series) -> pd.DataFrame:
            result = rn.validate_arrow(kind, pa.Array.from_pandas(column, type=pa.string()))
            return pd.DataFrame(
                {f: result.field(f).to_pandas() for f in ("valid", "rule", "offset")})
    return check


def test_spark_udf_row_for_row(spark):
    column = pa.array(names(ROWS), type=pa.string())
    table = pa.table({"id": pa.array(range(ROWS), type=pa.int64()), "name": column})
    frame = spark.createDataFrame(table).repartition(2)
    checked = frame.select("id", udf_of(KIND)("name").alias("check"))
    got = checked.toArrow().sort_by("id") if hasattr(checked, "toArrow") else pa.Table.from_pandas(
        checked.toPandas()).sort_by("id")
    assert got.num_rows == ROWS
    assert got.column("id").to_pylist() == list(range(ROWS))
    want = rn.validate_arrow(KIND, column)
    got_check = got.column("check").combine_chunks()
    for field in ("valid", "rule", "offset"):
        theirs = got_check.field(field)
        ours = want.field(field).cast(theirs.type)
        assert theirs.equals(ours), field
    # The UDF's null rows stay null and its verdicts are not all alike.
    valid = want.field("valid").to_pylist()
    assert valid.count(None) == len(range(0, ROWS, 101))
    assert 0 < valid.count(False) < valid.count(True)
    # And the invalid rows are the ones Spark's own filter finds.
    invalid = checked.where(~F.col("check.valid")).count()
    assert invalid == valid.count(False)
