//! `validate_arrow`: a whole Arrow string column at a time, through the Arrow PyCapsule
//! interface (pyo3-arrow), with the GIL released while the names are checked.

use crate::{kind_arg, type_name};
use arrow_array::builder::BooleanBufferBuilder;
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, BooleanArray, Int32Array, StringArray, StructArray};
use arrow_buffer::ArrowNativeType;
use arrow_buffer::{BooleanBuffer, Buffer, NullBuffer, OffsetBuffer, ScalarBuffer};
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
/// row costs two bits (present, valid), packed 64 rows at a time, and only a rejection is
/// written out; the `rule` and `offset` columns are laid out at the end, in bulk.
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

    /// Checks `names`, a chunk of `len` rows; a row that `nulls` marks null is a null row (no
    /// verdict, no rule, no offset) and its name is not checked.
    ///
    /// The names come from the column's own buffers rather than as an `Option` a row from
    /// Arrow's iterator, and the verdicts are packed into words as they come: with a builder's
    /// two appends a row, the loop around the grammar cost as much as the grammar.
    #[inline]
    fn push_rows<'a>(
        &mut self,
        kind: Kind,
        len: usize,
        nulls: Option<&NullBuffer>,
        names: impl Iterator<Item = &'a [u8]>,
    ) -> Result<(), Refusal> {
        let first = self.valid.len();
        let rejections = &mut self.rejections;
        let mut overflow = None;
        let mut check = |row: usize, name: &[u8]| match kind.validate(name) {
            Ok(()) => true,
            Err(error) => {
                match i32::try_from(error.offset()) {
                    Ok(offset) => rejections.push((first + row, error.rule().id(), offset)),
                    Err(_) => overflow = Some(error.offset()),
                }
                false
            }
        };
        let valid = match nulls {
            None => pack(len, names.enumerate().map(|(row, name)| check(row, name))),
            Some(nulls) => pack(
                len,
                names
                    .zip(nulls.iter())
                    .enumerate()
                    .map(|(row, (name, present))| present && check(row, name)),
            ),
        };
        if let Some(offset) = overflow {
            return Err(Refusal::OffsetOverflow(offset));
        }
        self.valid.append_buffer(&valid);
        match nulls {
            None => self.present.append_n(len, true),
            Some(nulls) => self.present.append_buffer(nulls.inner()),
        }
        Ok(())
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

/// `len` bits as an Arrow bitmap (row `i` in bit `i % 8` of byte `i / 8`), 64 to a word.
#[inline(always)]
fn pack(len: usize, bits: impl Iterator<Item = bool>) -> BooleanBuffer {
    let mut words = Vec::with_capacity(len.div_ceil(64));
    let (mut word, mut filled) = (0u64, 0);
    for bit in bits {
        word |= u64::from(bit) << filled;
        filled += 1;
        if filled == 64 {
            // Bit 0 of the word is the first byte's first bit when the word is stored little-endian.
            words.push(word.to_le());
            (word, filled) = (0, 0);
        }
    }
    if filled > 0 {
        words.push(word.to_le());
    }
    BooleanBuffer::new(Buffer::from_vec(words), 0, len)
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
    let nulls = NullBuffer::union(chunk.nulls(), outer);
    let nulls = nulls.as_ref().filter(|nulls| nulls.null_count() > 0);
    match chunk.data_type() {
        DataType::Utf8 => {
            let strings = chunk.as_string::<i32>();
            let text = strings.value_data();
            let names = strings.value_offsets().windows(2);
            let names = names.map(|ends| &text[ends[0].as_usize()..ends[1].as_usize()]);
            columns.push_rows(kind, chunk.len(), nulls, names)
        }
        DataType::LargeUtf8 => {
            let strings = chunk.as_string::<i64>();
            let text = strings.value_data();
            let names = strings.value_offsets().windows(2);
            let names = names.map(|ends| &text[ends[0].as_usize()..ends[1].as_usize()]);
            columns.push_rows(kind, chunk.len(), nulls, names)
        }
        DataType::Utf8View => {
            let strings = chunk.as_string_view();
            let names = (0..chunk.len()).map(|i| strings.value(i).as_bytes());
            columns.push_rows(kind, chunk.len(), nulls, names)
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
