//! Per-request logging and Prometheus metrics. Log lines and metric labels carry ids, methods,
//! route patterns and statuses — never bodies, query values, names or tokens.

use crate::identity::Principal;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, web};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, Opts, Registry, TextEncoder,
};
use std::time::Instant;
use tracing::Instrument;
use uuid::Uuid;

/// The server's metrics, in a registry of its own (so that several servers in one test process
/// do not share counters).
pub struct Metrics {
    registry: Registry,
    http_requests: IntCounterVec,
    http_duration: HistogramVec,
    /// Pushes by reminder kind and outcome (`sent`, `retrying`, `failed`, `skipped`, `missed`,
    /// `pruned`, `auth_error`).
    pub pushes: IntCounterVec,
    /// Seconds from a reminder's due time to its delivery.
    pub dispatch_lag: prometheus::Histogram,
    /// Reminders due and not yet done.
    pub outbox_depth: prometheus::IntGauge,
    /// Safety-alert notifications by event, channel and outcome (`sent`, `retrying`, `failed`).
    pub alert_notifications: IntCounterVec,
    /// Seconds from a safety alert's creation to a channel accepting its notification.
    pub alert_notify_lag: prometheus::Histogram,
}

impl Metrics {
    /// # Errors
    /// A metric cannot be registered (a programming error).
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new();
        let http_requests = IntCounterVec::new(
            Opts::new(
                "http_requests_total",
                "HTTP requests answered, by route and status",
            ),
            &["method", "route", "status"],
        )?;
        let http_duration = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "Time to answer an HTTP request, by route and status",
            )
            .buckets(vec![
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            ]),
            &["method", "route", "status"],
        )?;
        let pushes = IntCounterVec::new(
            Opts::new("pushes_total", "Push attempts by reminder kind and outcome"),
            &["kind", "outcome"],
        )?;
        let dispatch_lag = prometheus::Histogram::with_opts(
            HistogramOpts::new(
                "dispatch_lag_seconds",
                "Delay from a reminder's due time to its delivery",
            )
            .buckets(vec![
                0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 300.0, 1800.0,
            ]),
        )?;
        let outbox_depth = prometheus::IntGauge::new(
            "outbox_depth",
            "Reminders due and not yet sent, failed, skipped or missed",
        )?;
        registry.register(Box::new(http_requests.clone()))?;
        registry.register(Box::new(http_duration.clone()))?;
        registry.register(Box::new(pushes.clone()))?;
        registry.register(Box::new(dispatch_lag.clone()))?;
        let alert_notifications = IntCounterVec::new(
            Opts::new(
                "alert_notifications_total",
                "Safety-alert notification attempts by event, channel and outcome",
            ),
            &["event", "channel", "outcome"],
        )?;
        let alert_notify_lag = prometheus::Histogram::with_opts(
            HistogramOpts::new(
                "alert_notify_lag_seconds",
                "Delay from a safety alert to a channel accepting its notification",
            )
            .buckets(vec![
                0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 300.0, 3600.0,
            ]),
        )?;
        registry.register(Box::new(outbox_depth.clone()))?;
        registry.register(Box::new(alert_notifications.clone()))?;
        registry.register(Box::new(alert_notify_lag.clone()))?;
        Ok(Self {
            registry,
            http_requests,
            http_duration,
            pushes,
            dispatch_lag,
            outbox_depth,
            alert_notifications,
            alert_notify_lag,
        })
    }

    /// Prometheus text exposition of every metric.
    #[must_use]
    pub fn render(&self) -> String {
        let mut out = Vec::new();
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let status = status.to_string();
        let labels = [method, route, status.as_str()];
        self.http_requests.with_label_values(&labels).inc();
        self.http_duration
            .with_label_values(&labels)
            .observe(seconds);
    }
}

static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Middleware: gives every request an id (echoed as `x-request-id`), runs it inside a span
/// carrying that id, logs one line when it is answered, and counts it.
///
/// # Errors
/// Whatever the inner service returns.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let request_id = Uuid::now_v7();
    let method = req.method().to_string();
    // The pattern (`/api/v1/clients/{client_id}`), not the path: bounded label values, no ids.
    let route = req
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    let metrics = req
        .app_data::<web::Data<Metrics>>()
        .map(|m| m.clone().into_inner());
    let span = tracing::info_span!("request", %request_id, %method, %route);
    let started = Instant::now();
    let result = next.call(req).instrument(span.clone()).await;
    let elapsed = started.elapsed();

    let (status, actor) = match &result {
        Ok(res) => (
            res.status(),
            res.request().extensions().get::<Principal>().copied(),
        ),
        Err(e) => (e.as_response_error().status_code(), None),
    };
    let (actor_role, actor_id) = match actor {
        Some(Principal::Therapist { id, .. }) => ("therapist", id.to_string()),
        Some(Principal::Client { id, .. }) => ("client", id.to_string()),
        None => ("anonymous", String::new()),
    };
    span.in_scope(|| {
        tracing::info!(
            status = status.as_u16(),
            latency_ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
            actor_role,
            actor_id,
            "request finished"
        );
    });
    if let Some(metrics) = metrics {
        metrics.observe(&method, &route, status.as_u16(), elapsed.as_secs_f64());
    }
    result.map(|mut res| {
        if let Ok(value) = HeaderValue::from_str(&request_id.to_string()) {
            res.headers_mut().insert(REQUEST_ID.clone(), value);
        }
        // API answers carry health data: no cache, shared or private, may keep them.
        if route.starts_with("/api/v1") && !res.headers().contains_key(header::CACHE_CONTROL) {
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
        res
    })
}
