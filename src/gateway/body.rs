//! The layer's body types ([`GatewayBody`] for requests, [`ResponseBody`] for responses) and the
//! bounded read of a request body ([`Collect`]).

use super::BoxError;
use alloc::boxed::Box;
use alloc::vec::Vec;
use bytes::Bytes;
use core::pin::Pin;
use core::task::{Context, Poll};
use http::header::CONTENT_LENGTH;
use http::request::Parts;
use http::HeaderMap;
use http_body::{Body, Frame, SizeHint};

pin_project_lite::pin_project! {
    /// A request body that is either passed on as it came or was read into memory: what the
    /// inner service receives (the original body still streaming, or the validated bytes,
    /// unchanged). Its error type is `B`'s: the buffered side never fails.
    #[derive(Debug)]
    pub struct GatewayBody<B> {
        #[pin]
        inner: Inner<B>,
    }
}

pin_project_lite::pin_project! {
    #[project = InnerProj]
    #[derive(Debug)]
    enum Inner<B> {
        Passed { #[pin] body: B },
        // `None` once the bytes were handed on, or when there were none.
        Buffered { bytes: Option<Bytes> },
    }
}

impl<B> GatewayBody<B> {
    pub(crate) fn passed(body: B) -> Self {
        GatewayBody {
            inner: Inner::Passed { body },
        }
    }

    pub(crate) fn buffered(bytes: Bytes) -> Self {
        GatewayBody {
            inner: Inner::Buffered {
                bytes: (!bytes.is_empty()).then_some(bytes),
            },
        }
    }

    /// Whether the layer read this body into memory.
    pub fn is_buffered(&self) -> bool {
        matches!(self.inner, Inner::Buffered { .. })
    }
}

impl<B: Body<Data = Bytes>> Body for GatewayBody<B> {
    type Data = Bytes;
    type Error = B::Error;

    #[inline]
    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        match self.project().inner.project() {
            InnerProj::Passed { body } => body.poll_frame(cx),
            InnerProj::Buffered { bytes } => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
        }
    }

    #[inline]
    fn is_end_stream(&self) -> bool {
        match &self.inner {
            Inner::Passed { body } => body.is_end_stream(),
            Inner::Buffered { bytes } => bytes.is_none(),
        }
    }

    #[inline]
    fn size_hint(&self) -> SizeHint {
        match &self.inner {
            Inner::Passed { body } => body.size_hint(),
            Inner::Buffered { bytes } => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
        }
    }
}

pin_project_lite::pin_project! {
    /// What the layered service answers with: the inner service's response body, passed on as
    /// it came, or the layer's own answer to an invalid request (the vendor's error response, in
    /// memory). Its error type is `B`'s: the layer's answer never fails.
    ///
    /// It is the size of `B` and a pointer, not of `B` and a `Bytes` (the layer's answer is
    /// boxed, on the rejection path only): a response is moved several times on its way out of
    /// the service, and one of `http::Response<axum::body::Body>`'s size is moved inline where a
    /// larger one costs a `memcpy` call at each move.
    #[derive(Debug)]
    pub struct ResponseBody<B> {
        #[pin]
        inner: Response<B>,
    }
}

pin_project_lite::pin_project! {
    #[project = ResponseProj]
    #[derive(Debug)]
    enum Response<B> {
        Passed { #[pin] body: B },
        // Empty once the bytes were handed on.
        Answered { bytes: Box<Bytes> },
    }
}

impl<B> ResponseBody<B> {
    pub(crate) fn passed(body: B) -> Self {
        ResponseBody {
            inner: Response::Passed { body },
        }
    }

    pub(crate) fn answered(bytes: Bytes) -> Self {
        ResponseBody {
            inner: Response::Answered {
                bytes: Box::new(bytes),
            },
        }
    }

    /// Whether the layer answered the request itself (an invalid request: the vendor's
    /// response), rather than passing on the inner service's.
    pub fn is_answered(&self) -> bool {
        matches!(self.inner, Response::Answered { .. })
    }
}

impl<B: Body<Data = Bytes>> Body for ResponseBody<B> {
    type Data = Bytes;
    type Error = B::Error;

    #[inline]
    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        match self.project().inner.project() {
            ResponseProj::Passed { body } => body.poll_frame(cx),
            ResponseProj::Answered { bytes } => Poll::Ready(
                (!bytes.is_empty()).then(|| Ok(Frame::data(core::mem::take(&mut **bytes)))),
            ),
        }
    }

    #[inline]
    fn is_end_stream(&self) -> bool {
        match &self.inner {
            Response::Passed { body } => body.is_end_stream(),
            Response::Answered { bytes } => bytes.is_empty(),
        }
    }

    #[inline]
    fn size_hint(&self) -> SizeHint {
        match &self.inner {
            Response::Passed { body } => body.size_hint(),
            Response::Answered { bytes } => SizeHint::with_exact(bytes.len() as u64),
        }
    }
}

/// How the layered service gives back a response body: the inner service's, passed on, or the
/// layer's own answer to an invalid request (the vendor's error response). Implemented by
/// [`WrappedBody`], the default, and [`InnerBody`]
/// ([`ValidateRequestsLayer::inner_body`](super::ValidateRequestsLayer::inner_body)); sealed.
pub trait BodyMode<B>: sealed::Sealed {
    /// The layered service's response body.
    type Body;
    /// The inner service's body, passed on.
    fn passed(body: B) -> Self::Body;
    /// The layer's own answer.
    fn answered(bytes: Bytes) -> Self::Body;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::WrappedBody {}
    impl Sealed for super::InnerBody {}
}

/// The default [`BodyMode`]: the layered service answers with a [`ResponseBody`] around the
/// inner service's body, so any inner body type will do (hyper's `Incoming` from a proxied
/// registry included).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WrappedBody;

/// The [`BodyMode`] of
/// [`ValidateRequestsLayer::inner_body`](super::ValidateRequestsLayer::inner_body): the layered
/// service answers in the inner service's own body type, passed on untouched, and builds its own
/// answer `From<Bytes>`. For an inner body such as axum's `Body` or `Full<Bytes>`: on axum's
/// `Router::layer`, axum then keeps the response's `Body` as it is, where it boxes any other
/// body type (one allocation per request, BENCHMARKS.md "Gateway in process").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InnerBody;

impl<B> BodyMode<B> for WrappedBody {
    type Body = ResponseBody<B>;

    #[inline]
    fn passed(body: B) -> ResponseBody<B> {
        ResponseBody::passed(body)
    }

    #[inline]
    fn answered(bytes: Bytes) -> ResponseBody<B> {
        ResponseBody::answered(bytes)
    }
}

impl<B: From<Bytes>> BodyMode<B> for InnerBody {
    type Body = B;

    #[inline]
    fn passed(body: B) -> B {
        body
    }

    #[inline]
    fn answered(bytes: Bytes) -> B {
        B::from(bytes)
    }
}

/// How reading a request body ended.
#[derive(Debug)]
pub(crate) enum ReadBody {
    Read(Bytes),
    OverLimit,
    Failed,
}

/// A body read into memory, at most `limit` bytes of it. One data frame is kept as the `Bytes`
/// it came in (most bodies of these operations arrive in one), so it reaches the inner service
/// without a copy; only a body in several frames is copied into one buffer. Kept small (the
/// limit is given to each poll, the length read is the buffer's): it lives in the layer's
/// future, which is moved whole on its way to the executor.
#[derive(Debug)]
pub(crate) enum Collect {
    /// No frame yet, or one: held as it came.
    One(Bytes),
    /// Several frames, joined.
    Many(Vec<u8>),
}

impl Collect {
    /// A read of at most `limit` bytes, or `Err(OverLimit)` when the body's length is already
    /// known to be longer: then nothing is read. A body that knows its exact length (hyper's
    /// takes it from `Content-Length`; a body in memory has it) says it; otherwise
    /// `Content-Length` (or the body's lower bound) does. Validation still reads
    /// `Content-Length` afterwards, so a header longer than the limit is `body-too-large` either
    /// way.
    #[inline]
    pub(crate) fn new<B: Body>(
        headers: &HeaderMap,
        body: &B,
        limit: usize,
    ) -> Result<Self, ReadBody> {
        let limit_u64 = limit as u64;
        let hint = body.size_hint();
        let over = match hint.exact() {
            Some(n) => n > limit_u64,
            // The first `Content-Length`, found by a pass over the headers (cheaper than
            // hashing the name for a lookup); validation reports a repeated one.
            None => {
                hint.lower() > limit_u64
                    || headers
                        .iter()
                        .find(|(name, _)| *name == CONTENT_LENGTH)
                        .and_then(|(_, v)| content_length(v.as_bytes()))
                        .is_some_and(|n| n > limit_u64)
            }
        };
        if over {
            return Err(ReadBody::OverLimit);
        }
        Ok(Collect::One(Bytes::new()))
    }

    /// Keeps `data`: the first frame as it is, later ones copied after it. `false` past
    /// `limit`.
    #[inline]
    fn push(&mut self, data: Bytes, limit: usize) -> bool {
        if data.is_empty() {
            return true;
        }
        match self {
            Collect::One(first) => {
                let read = first.len().saturating_add(data.len());
                if read > limit {
                    return false;
                }
                if first.is_empty() {
                    *first = data;
                } else {
                    let mut more = Vec::with_capacity(read);
                    more.extend_from_slice(first);
                    more.extend_from_slice(&data);
                    *self = Collect::Many(more);
                }
            }
            Collect::Many(more) => {
                if more.len().saturating_add(data.len()) > limit {
                    return false;
                }
                more.extend_from_slice(&data);
            }
        }
        true
    }

    #[inline]
    fn finish(&mut self) -> Bytes {
        match core::mem::replace(self, Collect::One(Bytes::new())) {
            Collect::One(first) => first,
            Collect::Many(more) => Bytes::from(more),
        }
    }

    /// Reads frames until the body ends, fails, goes past the limit, or has nothing ready.
    /// Trailers are skipped: validation reads no trailer.
    #[inline]
    pub(crate) fn poll<B>(
        &mut self,
        mut body: Pin<&mut B>,
        limit: usize,
        cx: &mut Context<'_>,
    ) -> Poll<ReadBody>
    where
        B: Body<Data = Bytes>,
    {
        loop {
            match body.as_mut().poll_frame(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(ReadBody::Read(self.finish())),
                Poll::Ready(Some(Err(_))) => return Poll::Ready(ReadBody::Failed),
                Poll::Ready(Some(Ok(frame))) => {
                    if let Ok(data) = frame.into_data() {
                        if !self.push(data, limit) {
                            return Poll::Ready(ReadBody::OverLimit);
                        }
                    }
                    // A body that knows it has ended need not be polled for its `None`.
                    if body.is_end_stream() {
                        return Poll::Ready(ReadBody::Read(self.finish()));
                    }
                }
            }
        }
    }
}

/// `Content-Length` as a number: ASCII digits with optional surrounding spaces or tabs (RFC 9110
/// allows none, but a value that says more than the limit in any readable way is enough to stop
/// reading). `None` for anything else, so the body is read and validation reports the header.
fn content_length(value: &[u8]) -> Option<u64> {
    let value = value.trim_ascii();
    if value.is_empty() {
        return None;
    }
    value.iter().try_fold(0u64, |n, &b| {
        let digit = b.checked_sub(b'0').filter(|d| *d < 10)?;
        n.checked_mul(10)?.checked_add(u64::from(digit))
    })
}

/// Reads at most `limit` bytes of `body`: none when `Content-Length` (or the body's own size
/// hint) already says it is longer.
pub(crate) async fn read_body<B>(parts: &Parts, body: B, limit: usize) -> ReadBody
where
    B: Body<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    let mut collect = match Collect::new(&parts.headers, &body, limit) {
        Ok(collect) => collect,
        Err(outcome) => return outcome,
    };
    let mut body = core::pin::pin!(body);
    core::future::poll_fn(|cx| collect.poll(body.as_mut(), limit, cx)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    #[test]
    fn each_kind_of_body_tells_what_it_is_and_what_is_left() {
        let full = |b: &'static [u8]| http_body_util::Full::new(Bytes::from_static(b));
        let passed = GatewayBody::passed(full(b"abc"));
        assert!(!passed.is_buffered());
        assert_eq!(passed.size_hint().exact(), Some(3));
        assert!(!passed.is_end_stream());
        let buffered =
            GatewayBody::<http_body_util::Full<Bytes>>::buffered(Bytes::from_static(b"ab"));
        assert!(buffered.is_buffered());
        assert_eq!(buffered.size_hint().exact(), Some(2));
        assert!(!buffered.is_end_stream());
        let empty = GatewayBody::<http_body_util::Full<Bytes>>::buffered(Bytes::new());
        assert!(empty.is_end_stream());
        assert_eq!(empty.size_hint().exact(), Some(0));
        let empty = GatewayBody::passed(full(b""));
        assert!(empty.is_end_stream());
    }

    #[test]
    fn a_response_body_tells_whose_it_is_and_what_is_left() {
        let full = |b: &'static [u8]| http_body_util::Full::new(Bytes::from_static(b));
        let passed = ResponseBody::passed(full(b"abc"));
        assert!(!passed.is_answered());
        assert_eq!(passed.size_hint().exact(), Some(3));
        assert!(!passed.is_end_stream());
        let answered =
            ResponseBody::<http_body_util::Full<Bytes>>::answered(Bytes::from_static(b"ab"));
        assert!(answered.is_answered());
        assert_eq!(answered.size_hint().exact(), Some(2));
        assert!(!answered.is_end_stream());
        let empty = ResponseBody::<http_body_util::Full<Bytes>>::answered(Bytes::new());
        assert!(empty.is_end_stream());
        assert_eq!(empty.size_hint().exact(), Some(0));
    }

    #[tokio::test]
    async fn an_answer_gives_its_bytes_once() {
        let body = ResponseBody::<http_body_util::Full<Bytes>>::answered(Bytes::from_static(b"ab"));
        let mut body = core::pin::pin!(body);
        let frame = body.as_mut().frame().await.unwrap().unwrap();
        assert_eq!(frame.into_data().unwrap(), &b"ab"[..]);
        assert!(body.is_end_stream());
        assert!(body.as_mut().frame().await.is_none());
    }

    #[tokio::test]
    async fn a_buffered_body_gives_its_bytes_once() {
        let body = GatewayBody::<http_body_util::Full<Bytes>>::buffered(Bytes::from_static(b"ab"));
        assert_eq!(body.collect().await.unwrap().to_bytes(), &b"ab"[..]);
    }

    #[test]
    fn content_length_reads_digits_only() {
        assert_eq!(content_length(b"65"), Some(65));
        assert_eq!(content_length(b" 65\t"), Some(65));
        assert_eq!(content_length(b"18446744073709551615"), Some(u64::MAX));
        for bad in [
            &b""[..],
            b" ",
            b"+1",
            b"-1",
            b"6 5",
            b"0x10",
            b"18446744073709551616",
        ] {
            assert_eq!(content_length(bad), None, "{bad:?}");
        }
    }

    fn parts() -> Parts {
        http::Request::new(()).into_parts().0
    }

    /// A body of several frames, as a client that sends it in pieces; `Pending` before each.
    struct Chunks {
        chunks: alloc::collections::VecDeque<&'static [u8]>,
        ready: bool,
    }

    impl Body for Chunks {
        type Data = Bytes;
        type Error = &'static str;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, &'static str>>> {
            let ready = self.ready;
            self.ready = !ready;
            if !ready {
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            Poll::Ready(
                self.chunks
                    .pop_front()
                    .map(|c| Ok(Frame::data(Bytes::from_static(c)))),
            )
        }
    }

    fn chunks(chunks: &[&'static [u8]]) -> Chunks {
        Chunks {
            chunks: chunks.iter().copied().collect(),
            ready: false,
        }
    }

    #[tokio::test]
    async fn several_frames_are_joined_up_to_the_limit() {
        let read = read_body(&parts(), chunks(&[b"ab", b"", b"cd", b"e"]), 5).await;
        assert!(
            matches!(&read, ReadBody::Read(b) if b == &b"abcde"[..]),
            "{read:?}"
        );
        let read = read_body(&parts(), chunks(&[b"ab", b"cd", b"ef"]), 5).await;
        assert!(matches!(read, ReadBody::OverLimit), "{read:?}");
        let read = read_body(&parts(), chunks(&[]), 5).await;
        assert!(
            matches!(&read, ReadBody::Read(b) if b.is_empty()),
            "{read:?}"
        );
    }

    #[tokio::test]
    async fn one_frame_is_handed_on_as_it_came_and_several_are_joined() {
        let one = Bytes::from(alloc::vec![b'x'; 10]);
        let read = read_body(&parts(), http_body_util::Full::new(one.clone()), 10).await;
        let ReadBody::Read(read) = read else {
            panic!("{read:?}")
        };
        // The same allocation, not a copy.
        assert_eq!(read.as_ptr(), one.as_ptr());
        assert_eq!(read.len(), 10);
    }
}
