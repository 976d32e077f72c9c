//! [`ResponseFuture`], the future of [`ValidateRequests`](super::ValidateRequests): a named
//! state machine, so that no request allocates a boxed future.

use super::body::{BodyMode, Collect, GatewayBody, WrappedBody};
use super::layer::Config;
use super::service::{after_read, RouteSpan};
use alloc::sync::Arc;
use bytes::Bytes;
use core::fmt;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{ready, Context, Poll};
use http::request::Parts;
use http_body::Body;
use tower::Service;

pin_project_lite::pin_project! {
    /// The response future of [`ValidateRequests`](super::ValidateRequests): the inner
    /// service's response (its body passed on), or the layer's own answer to an invalid
    /// request. While a body is read, it holds the body, the request head and the inner service
    /// that will be called with them. `M` is the layer's [`BodyMode`].
    pub struct ResponseFuture<S, B, M = WrappedBody>
    where
        S: Service<http::Request<GatewayBody<B>>>,
    {
        #[pin]
        state: State<S::Future, S, B>,
        mode: PhantomData<fn() -> M>,
    }
}

pin_project_lite::pin_project! {
    #[project = StateProj]
    enum State<F, S, B> {
        // The inner service was called.
        Forwarded { #[pin] future: F },
        // The layer answers itself; `None` once answered.
        Answered { response: Option<http::Response<Bytes>> },
        // The body is being read; `head` is taken when it is done.
        Reading {
            #[pin]
            body: B,
            collect: Collect,
            head: Option<Head<S>>,
        },
    }
}

struct Head<S> {
    parts: Parts,
    span: RouteSpan,
    inner: S,
    config: Arc<Config>,
}

impl<S, B, M> ResponseFuture<S, B, M>
where
    S: Service<http::Request<GatewayBody<B>>>,
{
    #[inline]
    pub(crate) fn forwarded(future: S::Future) -> Self {
        ResponseFuture {
            state: State::Forwarded { future },
            mode: PhantomData,
        }
    }

    #[inline]
    pub(crate) fn answered(response: http::Response<Bytes>) -> Self {
        ResponseFuture {
            state: State::Answered {
                response: Some(response),
            },
            mode: PhantomData,
        }
    }

    #[inline]
    pub(crate) fn reading(
        body: B,
        collect: Collect,
        parts: Parts,
        span: RouteSpan,
        inner: S,
        config: Arc<Config>,
    ) -> Self {
        ResponseFuture {
            state: State::Reading {
                body,
                collect,
                head: Some(Head {
                    parts,
                    span,
                    inner,
                    config,
                }),
            },
            mode: PhantomData,
        }
    }
}

impl<S, B, M, ResBody> Future for ResponseFuture<S, B, M>
where
    S: Service<http::Request<GatewayBody<B>>, Response = http::Response<ResBody>>,
    B: Body<Data = Bytes>,
    M: BodyMode<ResBody>,
{
    type Output = Result<http::Response<M::Body>, S::Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut state = self.project().state;
        loop {
            match state.as_mut().project() {
                StateProj::Forwarded { future } => {
                    let response = ready!(future.poll(cx))?;
                    return Poll::Ready(Ok(response.map(M::passed)));
                }
                StateProj::Answered { response } => {
                    let response = response
                        .take()
                        .expect("ResponseFuture polled after it completed");
                    return Poll::Ready(Ok(response.map(M::answered)));
                }
                StateProj::Reading {
                    body,
                    collect,
                    head,
                } => {
                    let limit = head
                        .as_ref()
                        .map_or(0, |head| head.config.validator.body_limit());
                    let outcome = ready!(collect.poll(body, limit, cx));
                    let Head {
                        parts,
                        span,
                        mut inner,
                        config,
                    } = head
                        .take()
                        .expect("ResponseFuture polled after it completed");
                    match after_read(&config, &parts, span, outcome) {
                        Ok(bytes) => {
                            let future = inner.call(http::Request::from_parts(
                                parts,
                                GatewayBody::buffered(bytes),
                            ));
                            state.set(State::Forwarded { future });
                        }
                        Err(response) => state.set(State::Answered {
                            response: Some(response),
                        }),
                    }
                }
            }
        }
    }
}

impl<S, B, M> fmt::Debug for ResponseFuture<S, B, M>
where
    S: Service<http::Request<GatewayBody<B>>>,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.state {
            State::Forwarded { .. } => "forwarded",
            State::Answered { .. } => "answered",
            State::Reading { .. } => "reading",
        };
        f.debug_struct("ResponseFuture")
            .field("state", &state)
            .finish()
    }
}
