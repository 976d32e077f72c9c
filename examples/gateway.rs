//! A validating reverse proxy: `ValidateRequestsLayer` in front of a hyper-util client.
//!
//! ```text
//! cargo run --example gateway --features gateway -- \
//!     --listen 127.0.0.1:8080 --upstream http://127.0.0.1:9000 [--timeout-ms 30000] [--quay-type-base URL]
//! ```
//!
//! Forwards every request that passes (invalid requests of the eight documented operations
//! are answered with the vendor's error response), logs one line per rejection to stderr
//! (method, path, operation, rule ids; never a header value), answers 502 when the upstream
//! cannot be reached, closes a connection whose request headers or whole request take longer
//! than the timeout (a client that trickles them in, or sends nothing), and shuts down cleanly on Ctrl-C: it stops accepting and lets
//! requests in flight finish.

use bytes::Bytes;
use http::{Request, Response, StatusCode, Uri};
use http_body_util::{combinators::BoxBody, BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use registry_names::gateway::{GatewayBody, ValidateRequestsLayer};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;
use tokio::net::TcpListener;
use tower::{Layer, ServiceExt};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn boxed<E: std::error::Error + Send + Sync + 'static>(e: E) -> BoxError {
    Box::new(e)
}

struct Args {
    listen: SocketAddr,
    upstream: Uri,
    timeout: Duration,
    quay_type_base: String,
}

const USAGE: &str = "usage: gateway --listen ADDR:PORT --upstream http://HOST:PORT [--timeout-ms N] [--quay-type-base URL]";

/// `None` for `--help`.
fn parse_args() -> Result<Option<Args>, String> {
    let mut listen = None;
    let mut upstream = None;
    let mut timeout = Duration::from_secs(30);
    let mut quay_type_base = String::new();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--listen" => {
                listen = Some(value()?.parse().map_err(|e| format!("--listen: {e}"))?);
            }
            "--upstream" => {
                let uri: Uri = value()?.parse().map_err(|e| format!("--upstream: {e}"))?;
                if uri.scheme_str() != Some("http") || uri.authority().is_none() {
                    return Err("--upstream must be http://HOST:PORT".into());
                }
                upstream = Some(uri);
            }
            "--timeout-ms" => {
                let ms: u64 = value()?.parse().map_err(|e| format!("--timeout-ms: {e}"))?;
                timeout = Duration::from_millis(ms);
            }
            "--quay-type-base" => quay_type_base = value()?,
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(Some(Args {
        listen: listen.ok_or("--listen is required")?,
        upstream: upstream.ok_or("--upstream is required")?,
        timeout,
        quay_type_base,
    }))
}

fn bad_gateway() -> Response<BoxBody<Bytes, BoxError>> {
    let mut response = Response::new(
        Full::new(Bytes::from_static(b"upstream unreachable\n"))
            .map_err(boxed)
            .boxed(),
    );
    *response.status_mut() = StatusCode::BAD_GATEWAY;
    response
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let listener = match TcpListener::bind(args.listen).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("cannot listen on {}: {e}", args.listen);
            return ExitCode::from(1);
        }
    };
    let authority = args.upstream.authority().cloned();
    let client: Client<HttpConnector, GatewayBody<Incoming>> =
        Client::builder(TokioExecutor::new()).build_http();
    let proxy = tower::service_fn(move |mut req: Request<GatewayBody<Incoming>>| {
        let client = client.clone();
        let authority = authority.clone();
        async move {
            let mut parts = req.uri().clone().into_parts();
            parts.scheme = Some(http::uri::Scheme::HTTP);
            parts.authority = authority;
            if parts.path_and_query.is_none() {
                parts.path_and_query = Some(http::uri::PathAndQuery::from_static("/"));
            }
            *req.uri_mut() = match Uri::from_parts(parts) {
                Ok(uri) => uri,
                Err(_) => return Ok::<_, Infallible>(bad_gateway()),
            };
            Ok(match client.request(req).await {
                Ok(response) => response.map(|b| b.map_err(boxed).boxed()),
                Err(_) => bad_gateway(),
            })
        }
    });
    let layer = ValidateRequestsLayer::new()
        .quay_type_base(args.quay_type_base)
        .on_rejection(|head, rejection| {
            let rules: Vec<&str> = rejection.errors().iter().map(|e| e.rule().id()).collect();
            // The path is the client's: quote a bounded prefix of it, never a header.
            eprintln!(
                "rejected {} {} operation={} rules={}",
                head.method,
                registry_names::quote(head.uri.path().as_bytes()),
                rejection.operation(),
                rules.join(",")
            );
        });
    let service = layer.layer(proxy);
    eprintln!("gateway listening on {} -> {}", args.listen, args.upstream);

    let connections = hyper_util::server::graceful::GracefulShutdown::new();
    let mut ctrl_c = std::pin::pin!(tokio::signal::ctrl_c());
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let service = service.clone();
                let timeout = args.timeout;
                let hyper_service = hyper::service::service_fn(move |req: Request<Incoming>| {
                    let service = service.clone();
                    // On timeout the service fails and hyper closes the connection unanswered.
                    async move { match tokio::time::timeout(timeout, service.oneshot(req)).await {
                        Ok(Ok(response)) => Ok(response),
                        Ok(Err(never)) => match never {},
                        Err(elapsed) => Err(elapsed),
                    }
                }
                });
                // The timer bounds the wait for a request's headers, on a new connection and
                // between the requests of a kept-alive one, so a client that never finishes its
                // headers cannot hold a connection (or the shutdown) for longer than the timeout.
                let connection = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(timeout)
                    .serve_connection(TokioIo::new(stream), hyper_service);
                let connection = connections.watch(connection);
                tokio::spawn(async move {
                    let _ = connection.await;
                });
            }
            _ = &mut ctrl_c => {
                eprintln!("shutting down: waiting for requests in flight");
                break;
            }
        }
    }
    drop(listener);
    tokio::select! {
        _ = connections.shutdown() => eprintln!("all connections closed"),
        _ = tokio::time::sleep(args.timeout) => eprintln!("timed out waiting for connections"),
    }
    ExitCode::SUCCESS
}
