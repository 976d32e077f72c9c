//! `validate_arrow`: a whole Arrow string column at a time, through the Arrow PyCapsule
//! interface (pyo3-arrow), with the GIL released while the names are checked.

use crate::{kind_arg, type_name};
use arrow_array::builder::BooleanBufferBuilder;
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, BooleanArray, Int32Array, StringArray, StructArray};
use arrow_buffer::{Buffer, NullBuffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{DataType, Field, Fields};
use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3_arrow::input::AnyArray;
use pyo3_arrow::PyArray;
use registry_names::Kind;
use std::sync::Arc;

/// The result's fields: `valid: bool`, `rule: string`, `offset: int32`.
fn fields() -> Fields {
    Fields::from(vec![
        Field::new("valid", DataType::Boolean, true),
        Field::new("rule", DataType::Utf8, true),
        Field::new("offset", DataType::Int32, true),
    ])
}

/// Why a column cannot be checked.
enum Refusal {
    NotText(DataType),
    OffsetOverflow(usize),
    /// More rule text than an int32-offset `string` column holds (2 GiB).
    TooManyRejections(usize),
}

/// The columns being built, one row per input row. Invalid names are rare in a catalog, so a
/// row costs two bits (present, valid) and only a rejection is written out; the `rule` and
/// `offset` columns are laid out at the end, in bulk.
struct Columns {
    valid: BooleanBufferBuilder,
    present: BooleanBufferBuilder,
    rejections: Vec<(usize, &'static str, i32)>,
}

impl Columns {
    fn with_capacity(rows: usize) -> Self {
        Columns {
            valid: BooleanBufferBuilder::new(rows),
            present: BooleanBufferBuilder::new(rows),
            rejections: Vec::new(),
        }
    }

    #[inline]
    fn push(&mut self, kind: Kind, value: Option<&[u8]>) -> Result<(), Refusal> {
        let Some(value) = value else {
            // A null name is a null row: no verdict, no rule, no offset.
            self.present.append(false);
            self.valid.append(false);
            return Ok(());
        };
        self.present.append(true);
        match kind.validate(value) {
            Ok(()) => self.valid.append(true),
            Err(error) => {
                let offset = i32::try_from(error.offset())
                    .map_err(|_| Refusal::OffsetOverflow(error.offset()))?;
                let row = self.valid.len();
                self.valid.append(false);
                self.rejections.push((row, error.rule().id(), offset));
            }
        }
        Ok(())
    }

    fn push_all<'a>(
        &mut self,
        kind: Kind,
        values: impl Iterator<Item = Option<&'a [u8]>>,
    ) -> Result<(), Refusal> {
        values
            .into_iter()
            .try_for_each(|value| self.push(kind, value))
    }

    fn finish(mut self) -> Result<StructArray, Refusal> {
        let rows = self.valid.len();
        let valid = self.valid.finish();
        let present = self.present.finish();
        // `rule` and `offset` are there exactly where a present name is not valid.
        let rejected = NullBuffer::new(&present & &!&valid);
        let present = NullBuffer::new(present);
        let mut ends = Vec::with_capacity(rows + 1);
        let mut text = Vec::new();
        let mut offsets = vec![0i32; rows];
        ends.push(0i32);
        for &(row, rule, offset) in &self.rejections {
            // Rows before this one are empty strings under a null bit.
            ends.resize(row + 1, text.len() as i32);
            text.extend_from_slice(rule.as_bytes());
            ends.push(text.len() as i32);
            offsets[row] = offset;
        }
        if i32::try_from(text.len()).is_err() {
            return Err(Refusal::TooManyRejections(self.rejections.len()));
        }
        ends.resize(rows + 1, text.len() as i32);
        // `try_new` checks the offsets and the UTF-8 of the rule ids, which cannot fail here.
        let rule = StringArray::try_new(
            OffsetBuffer::new(ScalarBuffer::from(ends)),
            Buffer::from_vec(text),
            Some(rejected.clone()),
        )
        .map_err(|_| Refusal::TooManyRejections(self.rejections.len()))?;
        let offset = Int32Array::new(ScalarBuffer::from(offsets), Some(rejected));
        let nulls = (present.null_count() > 0).then_some(present);
        let columns: Vec<ArrayRef> = vec![
            Arc::new(BooleanArray::new(valid, nulls.clone())),
            Arc::new(rule),
            Arc::new(offset),
        ];
        Ok(StructArray::new(fields(), columns, nulls))
    }
}

/// Checks every name of `chunks` (string, large_string or string_view, sliced or not; or a
/// one-column table's record batches, whose column it checks) against `kind`, one output row per
/// input row, in order.
fn check_chunks(kind: Kind, chunks: &[ArrayRef]) -> Result<StructArray, Refusal> {
    let rows = chunks.iter().map(|c| c.len()).sum();
    let mut columns = Columns::with_capacity(rows);
    for chunk in chunks {
        check_chunk(kind, chunk, None, &mut columns)?;
    }
    columns.finish()
}

/// One chunk's rows into `columns`; `outer` is a record batch's (struct's) validity, which
/// makes a row null whatever its string.
fn check_chunk(
    kind: Kind,
    chunk: &ArrayRef,
    outer: Option<&NullBuffer>,
    columns: &mut Columns,
) -> Result<(), Refusal> {
    let keep = |i: usize| outer.is_none_or(|nulls| nulls.is_valid(i));
    match chunk.data_type() {
        DataType::Utf8 => {
            let strings = chunk.as_string::<i32>();
            columns.push_all(
                kind,
                strings
                    .iter()
                    .enumerate()
                    .map(|(i, v)| v.filter(|_| keep(i)).map(str::as_bytes)),
            )
        }
        DataType::LargeUtf8 => {
            let strings = chunk.as_string::<i64>();
            columns.push_all(
                kind,
                strings
                    .iter()
                    .enumerate()
                    .map(|(i, v)| v.filter(|_| keep(i)).map(str::as_bytes)),
            )
        }
        DataType::Utf8View => {
            let strings = chunk.as_string_view();
            columns.push_all(
                kind,
                strings
                    .iter()
                    .enumerate()
                    .map(|(i, v)| v.filter(|_| keep(i)).map(str::as_bytes)),
            )
        }
        // A one-column table or record batch reader (DuckDB's `.arrow()`), exported as a stream
        // of structs: its column. The struct's children are sliced with it.
        DataType::Struct(fields) if fields.len() == 1 && outer.is_none() => {
            let batch = chunk.as_struct();
            check_chunk(kind, batch.column(0), batch.nulls(), columns)
        }
        other => Err(Refusal::NotText(other.clone())),
    }
}

/// Checks every name of an Arrow string column against ``kind``.
///
/// ``array`` is anything with ``__arrow_c_array__`` or ``__arrow_c_stream__`` whose type is
/// ``string``, ``large_string`` or ``string_view``: a pyarrow ``Array`` or ``ChunkedArray``, a
/// Polars ``Series``, a DuckDB or Spark Arrow column. Returns a ``pyarrow.StructArray`` with
/// one row per input row: ``valid: bool``, ``rule: string`` and ``offset: int32`` (bytes),
/// ``rule`` and ``offset`` null where the name is valid; a null name gives a null row. The GIL
/// is released while the names are checked. Needs pyarrow for the result.
///
/// >>> import pyarrow as pa
/// >>> validate_arrow("tag", pa.array(["v1", "-x", None])).to_pylist()[1]
/// {'valid': False, 'rule': 'invalid-start', 'offset': 0}
#[pyfunction]
fn validate_arrow<'py>(
    py: Python<'py>,
    kind: &Bound<'py, PyAny>,
    array: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let kind = kind_arg(kind)?;
    let is_arrow = array.hasattr(intern!(py, "__arrow_c_array__"))?
        || array.hasattr(intern!(py, "__arrow_c_stream__"))?;
    if !is_arrow {
        return Err(PyTypeError::new_err(format!(
            "validate_arrow takes an Arrow array or stream (an object with __arrow_c_array__ or \
             __arrow_c_stream__: pyarrow, Polars, DuckDB), not {}",
            type_name(array)
        )));
    }
    let any: AnyArray = array.extract()?;
    // Importing the chunks may call back into the producer (a Python stream), so it keeps the
    // GIL; the arrays themselves are plain memory.
    let reader = any.into_reader()?;
    let chunks = reader
        .collect::<Result<Vec<ArrayRef>, _>>()
        .map_err(|e| PyTypeError::new_err(format!("cannot read the Arrow stream: {e}")))?;
    let result = py.detach(|| check_chunks(kind, &chunks));
    match result {
        // pyarrow.array() takes any object with __arrow_c_array__, as the PyArray is.
        Ok(checked) => {
            let exported = PyArray::from_array_ref(Arc::new(checked)).into_pyobject(py)?;
            py.import(intern!(py, "pyarrow"))?
                .getattr(intern!(py, "array"))?
                .call1((exported,))
        }
        Err(Refusal::NotText(data_type)) => Err(PyTypeError::new_err(format!(
            "validate_arrow takes string, large_string or string_view values (or a table of one \
             such column), not {data_type}"
        ))),
        Err(Refusal::OffsetOverflow(offset)) => Err(PyOverflowError::new_err(format!(
            "a rejection's offset {offset} does not fit the int32 offset column"
        ))),
        Err(Refusal::TooManyRejections(count)) => Err(PyOverflowError::new_err(format!(
            "{count} rejections: their rule ids do not fit one string column; split the column"
        ))),
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(validate_arrow, m)?)?;
    Ok(())
}
