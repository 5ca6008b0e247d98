//! A deadline on reading request bodies. Without one, a client that trickles a body a byte at
//! a time holds its connection (and a worker's attention) open for as long as it likes; a few
//! hundred such clients starve everyone else. Every body must arrive within
//! `IPT_BODY_TIMEOUT_SECS` of the request; an extractor that reads past that gets an error,
//! the answer is 408, and the connection is closed rather than drained.

use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::web::{Bytes, Data};
use futures_util::Stream;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// A body stream that fails once its deadline passes.
struct Deadline<S> {
    inner: S,
    sleep: Pin<Box<tokio::time::Sleep>>,
    expired: bool,
}

impl<S> Stream for Deadline<S>
where
    S: Stream<Item = Result<Bytes, PayloadError>> + Unpin,
{
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.expired {
            return Poll::Ready(None);
        }
        if let Poll::Ready(item) = Pin::new(&mut self.inner).poll_next(cx) {
            return Poll::Ready(item);
        }
        if self.sleep.as_mut().poll(cx).is_ready() {
            self.expired = true;
            return Poll::Ready(Some(Err(PayloadError::Io(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "request body deadline passed",
            )))));
        }
        Poll::Pending
    }
}

/// Whether a body read failed because its deadline passed.
#[must_use]
pub fn is_deadline(err: &PayloadError) -> bool {
    matches!(err, PayloadError::Io(e) if e.kind() == std::io::ErrorKind::TimedOut)
}

/// `IPT_BODY_TIMEOUT_SECS`, handed to the middleware as app data of its own (it needs nothing
/// else of the application's state).
#[derive(Debug, Clone, Copy)]
pub struct BodyTimeout(pub u32);

/// Middleware: puts the deadline on the request's body, and closes the connection of a request
/// answered 408 (its unread rest is not worth waiting for).
///
/// # Errors
/// Whatever the inner service fails with.
pub async fn limit(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let secs = req
        .app_data::<Data<BodyTimeout>>()
        .map_or(10, |timeout| timeout.0);
    let inner = req.take_payload();
    let deadline = Deadline {
        inner,
        sleep: Box::pin(tokio::time::sleep(Duration::from_secs(u64::from(secs)))),
        expired: false,
    };
    req.set_payload(Payload::Stream {
        payload: Box::pin(deadline),
    });
    let mut res = next.call(req).await?;
    if res.status() == StatusCode::REQUEST_TIMEOUT {
        res.response_mut()
            .head_mut()
            .set_connection_type(actix_web::http::ConnectionType::Close);
    }
    Ok(res)
}
