"""validate_arrow on pyarrow arrays of every string layout, with nulls, slices and chunks, and
end to end from Polars and DuckDB."""

import pyarrow as pa
import pytest

import registry_names as rn

NAMES = ["library/nginx", None, "Library/nginx", "a__b/c", "", None, "x" * 200, "ok/ok-1"]


def expected(kind, names):
    rows = []
    for name in names:
        if name is None:
            rows.append(None)
            continue
        v = rn.check(kind, name)
        rows.append({"valid": v is None, "rule": v and v.rule, "offset": v and v.offset})
    return rows


LAYOUTS = [pa.string(), pa.large_string(), pa.string_view()]


@pytest.mark.parametrize("layout", LAYOUTS, ids=str)
def test_layouts_and_nulls(layout):
    array = pa.array(NAMES, type=layout)
    result = rn.validate_arrow("swr-repository", array)
    assert isinstance(result, pa.StructArray)
    assert result.type == pa.struct(
        [("valid", pa.bool_()), ("rule", pa.string()), ("offset", pa.int32())])
    assert result.to_pylist() == expected("swr-repository", NAMES)
    assert result.null_count == 2
    assert result.field("valid").to_pylist()[:3] == [True, None, False]


@pytest.mark.parametrize("layout", LAYOUTS, ids=str)
def test_slices(layout):
    array = pa.array(NAMES * 3, type=layout)
    for start, length in [(1, 5), (3, 0), (7, 10), (0, 24)]:
        part = array.slice(start, length)
        assert rn.validate_arrow("swr-repository", part).to_pylist() == expected(
            "swr-repository", (NAMES * 3)[start:start + length])


def test_chunked_and_streams():
    chunked = pa.chunked_array([NAMES[:3], NAMES[3:], []], type=pa.string())
    result = rn.validate_arrow("swr-repository", chunked)
    assert result.to_pylist() == expected("swr-repository", NAMES)
    mixed = pa.chunked_array([pa.array(NAMES[:4]).slice(1), pa.array(NAMES[4:])])
    assert rn.validate_arrow("swr-repository", mixed).to_pylist() == expected(
        "swr-repository", NAMES[1:])
    # A one-column table or record batch stream is its column.
    table = pa.table({"name": NAMES}).slice(1)
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches())
    assert rn.validate_arrow("swr-repository", reader).to_pylist() == expected(
        "swr-repository", NAMES[1:])
    assert rn.validate_arrow("swr-repository", table).to_pylist() == expected(
        "swr-repository", NAMES[1:])
    with pytest.raises(TypeError, match="one"):
        rn.validate_arrow("tag", pa.table({"a": ["x"], "b": ["y"]}))


def test_every_kind_and_errors():
    for kind in rn.KINDS:
        values = ["v1", "-x", "org/app", "sha256:" + "a" * 64, "\udcff".encode(
            "utf-8", "surrogatepass").decode("utf-8", "replace")]
        assert rn.validate_arrow(kind, pa.array(values)).to_pylist() == expected(kind, values)
    with pytest.raises(TypeError, match="Int64"):
        rn.validate_arrow("tag", pa.array([1, 2]))
    with pytest.raises(TypeError, match="Binary"):
        rn.validate_arrow("git-branch", pa.array([b"x"]))
    with pytest.raises(ValueError, match="unknown kind"):
        rn.validate_arrow("nope", pa.array(["x"]))
    assert rn.validate_arrow("tag", pa.array([], type=pa.string())).to_pylist() == []
    assert rn.validate_arrow("tag", pa.array([None, None], type=pa.string())).to_pylist() == [
        None, None]


@pytest.mark.parametrize("layout", LAYOUTS, ids=str)
def test_word_and_chunk_boundaries(layout):
    """The verdicts are packed 64 rows to a word and chunks are joined bit by bit: chunks and
    slices that start and end off a byte and off a word, with nulls and rejections on either side
    of each boundary, and a record batch's own nulls over its column's."""
    names = [None if i % 13 == 5 else f"-{i}" if i % 9 == 0 else f"v{i}" for i in range(300)]
    array = pa.array(names, type=layout)
    cuts = [0, 3, 64, 65, 127, 200, 263, 300]
    chunked = pa.chunked_array([array.slice(a, b - a) for a, b in zip(cuts, cuts[1:])])
    assert rn.validate_arrow("tag", chunked).to_pylist() == expected("tag", names)
    for start, length in [(1, 64), (7, 130), (63, 237), (64, 64), (250, 50)]:
        assert rn.validate_arrow("tag", array.slice(start, length)).to_pylist() == expected(
            "tag", names[start:start + length])
    # A struct row that is null hides whatever string is under it, valid or not.
    mask = pa.array([i % 7 == 1 for i in range(300)])
    batch = pa.StructArray.from_arrays([array], names=["tag"], mask=mask).slice(5, 290)
    reader = pa.RecordBatchReader.from_batches(
        pa.schema([("tag", layout)]), [pa.RecordBatch.from_struct_array(batch)])
    hidden = [None if i % 7 == 1 else n for i, n in enumerate(names)][5:295]
    assert rn.validate_arrow("tag", reader).to_pylist() == expected("tag", hidden)


def test_large_column_matches_row_by_row():
    names = [f"org{i % 97}/app-{i}" if i % 11 else f"Org{i}/x" for i in range(100_000)]
    result = rn.validate_arrow("swr-repository", pa.array(names, type=pa.large_string()))
    valid = result.field("valid").to_pylist()
    assert valid == [rn.is_valid("swr-repository", n) for n in names]
    assert valid.count(False) == len([i for i in range(100_000) if i % 11 == 0])


def test_polars_end_to_end():
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame({"name": NAMES})
    result = rn.validate_arrow("swr-repository", frame["name"])
    assert result.to_pylist() == expected("swr-repository", NAMES)
    # Back into Polars as columns, and a filter of the invalid rows.
    checked = frame.with_columns(pl.from_arrow(result).alias("check")).unnest("check")
    invalid = checked.filter(~pl.col("valid"))
    assert invalid["name"].to_list() == [
        n for n in NAMES if n is not None and not rn.is_valid("swr-repository", n)]
    assert invalid["rule"].to_list() == [
        rn.check("swr-repository", n).rule for n in invalid["name"].to_list()]
    assert invalid.height == sum(1 for n in NAMES if n is not None and not rn.is_valid(
        "swr-repository", n))
    sliced = frame["name"].slice(2, 4)
    assert rn.validate_arrow("swr-repository", sliced).to_pylist() == expected(
        "swr-repository", NAMES[2:6])


def test_duckdb_end_to_end():
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    table = con.sql(
        "SELECT CASE WHEN i % 5 = 0 THEN NULL WHEN i % 7 = 0 THEN 'Bad/Name' "
        "ELSE 'org/app-' || i END AS name FROM range(1000) t(i) ORDER BY i"
    ).arrow()
    if hasattr(table, "read_all"):  # a RecordBatchReader since DuckDB 1.4
        table = table.read_all()
    column = table.column("name")
    result = rn.validate_arrow("swr-repository", column)
    assert result.to_pylist() == expected("swr-repository", column.to_pylist())
    # The relation's .arrow() itself, a one-column stream, is its column.
    direct = rn.validate_arrow("swr-repository", con.sql(
        "SELECT CASE WHEN i % 5 = 0 THEN NULL WHEN i % 7 = 0 THEN 'Bad/Name' "
        "ELSE 'org/app-' || i END AS name FROM range(1000) t(i) ORDER BY i").arrow())
    assert direct.equals(result)
    # And back into DuckDB as a table to query.
    checked = pa.table({"name": column, "valid": result.field("valid")})
    bad = con.execute("SELECT count(*) FROM checked WHERE NOT valid").fetchone()[0]
    assert bad == sum(1 for i in range(1000) if i % 5 and i % 7 == 0)


def test_the_gil_is_released_while_names_are_checked():
    """Another thread runs during validate_arrow. With a switch interval of 100 s the main thread
    gives the GIL up only where it releases it itself, so the other thread's counter moves
    between the two reads around the call only if the call releases the GIL; with a call that
    kept it, the two reads would be equal."""
    import sys
    import threading
    import time

    column = pa.array(["team/app-1.2"] * 2_000_000)
    state = {"count": 0, "done": False}

    def spin():
        while not state["done"]:
            state["count"] += 1
            time.sleep(0)  # gives the GIL back each time round

    interval = sys.getswitchinterval()
    sys.setswitchinterval(100)
    thread = threading.Thread(target=spin)
    try:
        thread.start()
        while state["count"] == 0:
            time.sleep(0.001)
        before = state["count"]
        result = rn.validate_arrow("swr-repository", column)
        after = state["count"]
    finally:
        state["done"] = True
        sys.setswitchinterval(interval)
        thread.join()
    assert len(result) == 2_000_000
    assert after > before
