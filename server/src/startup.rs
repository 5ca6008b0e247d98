//! Builds the application: database, migrations, routes, middleware, HTTP server. The binary
//! and every test start exactly this.

use crate::at_rest::AtRest;
use crate::audit::ReadLog;
use crate::checkins::service::CheckinWriter;
use crate::clock::Clock;
use crate::configuration::Settings;
use crate::error::ApiError;
use crate::group_commit::{GroupCommit, WriteGate};
use crate::limits::Limits;
use crate::mail::{Mailer, SmtpMailer};
use crate::observability::{Metrics, observe};
use crate::ops::OpenApiJson;
use crate::push::{DisabledGateway, FcmGateway, PushGateway};
use crate::reminders::dispatch::Dispatcher;
use crate::reminders::kind::{GraceWindows, PushTexts};
use crate::reminders::planner::Planner;
use crate::reminders::worker::{ReminderWorker, Reminders};
use crate::safety::crisis::CrisisCatalog;
use crate::safety::model::Channels;
use crate::safety::notify::{Notifier, SafetyWorker};
use crate::safety::webhook::{HttpWebhook, WebhookSender};
use crate::state::AppState;
use crate::{db, ops, pages};
use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use sea_orm::DatabaseConnection;
use std::net::TcpListener;
use std::sync::Arc;
use utoipa::openapi::OpenApi;
use utoipa_actix_web::service_config::ServiceConfig;
use utoipa_actix_web::{AppExt, scope};

/// A running server.
pub struct Application {
    port: u16,
    address: String,
    server: Server,
    /// The metrics listener, if one is configured, and its address.
    metrics: Option<(Server, String)>,
    state: AppState,
    worker: Arc<ReminderWorker>,
    safety: Arc<SafetyWorker>,
    scheduler: Option<tokio_cron_scheduler::JobScheduler>,
}

impl Application {
    /// Connects to the database, applies migrations and binds the listener.
    ///
    /// # Errors
    /// The database cannot be reached or migrated, or the address cannot be bound.
    pub async fn build(settings: Settings, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let db = db::connect(&settings).await?;
        db::migrate(&db).await?;
        crate::clients::derive_missing_regions(&db, clock.now()).await?;
        let token_key =
            crate::credentials::load_token_key(&db, settings.token_key.as_deref(), clock.now())
                .await?;
        let gate = WriteGate::for_backend(db.get_database_backend());
        let listener = TcpListener::bind(&settings.bind)
            .with_context(|| format!("binding {}", settings.bind))?;
        let local = listener.local_addr()?;
        let metrics = Arc::new(Metrics::new()?);
        let planner = Arc::new(Planner {
            horizon: chrono::Duration::days(i64::from(settings.reminder_horizon_days.max(1))),
            maintenance_months: settings.maintenance_months,
        });
        let owner = format!("{}-{}", std::process::id(), uuid::Uuid::now_v7().simple());
        let lease = chrono::Duration::seconds(i64::from(settings.dispatch_lease_secs.max(5)));
        let push = push_gateway(&settings)?;
        let mailer: Option<Arc<dyn Mailer>> = match &settings.smtp_url {
            Some(url) => Some(Arc::new(SmtpMailer::new(url, &settings.mail_from)?)),
            None => None,
        };
        if settings.require_email_verification && mailer.is_none() {
            anyhow::bail!(
                "IPT_REQUIRE_EMAIL_VERIFICATION=true needs IPT_SMTP_URL: verification links go by e-mail"
            );
        }
        let mails = crate::account_tokens::Mails {
            mailer: mailer.clone(),
            public_url: settings.public_url.trim_end_matches('/').to_owned(),
        };
        let webhook: Option<Arc<dyn WebhookSender>> =
            match (&settings.alert_webhook_url, &settings.alert_webhook_secret) {
                (Some(url), Some(secret)) => Some(Arc::new(HttpWebhook::new(url, secret)?)),
                (Some(_), None) => anyhow::bail!(
                    "IPT_ALERT_WEBHOOK_URL needs IPT_ALERT_WEBHOOK_SECRET (whsec_…) to sign with"
                ),
                (None, _) => None,
            };
        let channels = Channels {
            email: mailer.is_some(),
            webhook: webhook.is_some(),
            push: push.enabled(),
            on_call_email: settings.escalation_email.is_some(),
        };
        if !channels.email && !channels.webhook {
            tracing::warn!(
                "neither IPT_SMTP_URL nor IPT_ALERT_WEBHOOK_URL is set: safety alerts reach therapists only in the app (and by push to a registered phone); see docs/safety.md"
            );
        }
        let sign_in = Arc::new(crate::limits::sign_in::SignInGuard::new(
            mailer.clone(),
            &settings.public_url,
        ));
        let at_rest = AtRest::start(&db, &gate);
        let safety = Arc::new(SafetyWorker::new(
            db.clone(),
            Arc::clone(&clock),
            Notifier {
                owner: owner.clone(),
                // One batch is sent in one concurrent round (a send times out after 20 s), so
                // the lease outlives it and no other replica takes a row over mid-send.
                lease: lease.max(chrono::Duration::seconds(30)),
                batch: 16,
                channels,
                mailer,
                webhook,
                push: Arc::clone(&push),
                public_url: settings.public_url.clone(),
                escalation_email: settings.escalation_email.clone(),
                escalate_after: chrono::Duration::minutes(i64::from(
                    settings.alert_escalate_minutes.max(1),
                )),
                metrics: Arc::clone(&metrics),
                gate: gate.clone(),
                at_rest: at_rest.clone(),
            },
        ));
        let dispatcher = Dispatcher {
            owner,
            lease,
            batch: 200,
            grace: GraceWindows::parse(&settings.reminder_grace).map_err(anyhow::Error::msg)?,
            texts: PushTexts::load(settings.push_texts.as_deref())?,
            push,
            metrics: Arc::clone(&metrics),
            gate: gate.clone(),
        };
        let worker = Arc::new(ReminderWorker::new(
            db.clone(),
            Arc::clone(&clock),
            Reminders::new(Arc::clone(&planner), dispatcher),
        ));
        let scheduler = if settings.scheduler {
            let scheduler = crate::reminders::worker::start(&worker).await?;
            safety.schedule(&scheduler).await?;
            Some(scheduler)
        } else {
            None
        };
        // A service of one feature is app data of its own, extracted by the handlers that use
        // it; AppState keeps what many share.
        let checkin_writes = web::Data::new(GroupCommit::start(
            &db,
            &gate,
            settings.write_lanes(),
            CheckinWriter { channels },
        ));
        let library = web::Data::new(crate::readings::library::Library::load(
            settings.readings.as_deref(),
        )?);
        let limits = web::Data::new(Limits::new(
            settings.rate_limit_per_address,
            settings.rate_limit_per_account,
        ));
        let sign_in_guard = web::Data::from(sign_in);
        let account_mails = web::Data::new(mails);
        let safety_net = web::Data::new(crate::safety::SafetyNet {
            crisis: Arc::new(CrisisCatalog::load(settings.crisis_resources.as_deref())?),
            channels,
        });
        let state = AppState {
            reads: Arc::new(ReadLog::start(&db, &gate, settings.write_lanes())),
            db,
            clock,
            metrics,
            gate: gate.clone(),
            planner,
            settings: Arc::new(settings),
            token_key,
            at_rest,
        };
        let raw = raw_openapi_document();
        let openapi = web::Data::new(OpenApiJson {
            api: serde_json::to_string(&crate::openapi::api(&raw))?,
            pages: serde_json::to_string(&crate::openapi::pages(&raw))?,
        });
        let data = web::Data::new(state.clone());
        // The middlewares get what they read as app data of its own, not the whole state.
        let body_timeout = web::Data::new(crate::body_deadline::BodyTimeout(
            state.settings.body_timeout_secs,
        ));
        let trusted_proxies = web::Data::new(state.settings.trusted_proxies.clone());
        let request_metrics = web::Data::from(state.metrics.clone());
        let authenticator = web::Data::new(crate::auth::Authenticator {
            db: state.db.clone(),
            clock: state.clock.clone(),
            require_mfa: state.settings.require_mfa,
        });
        let metrics = match &state.settings.metrics_bind {
            Some(bind) => Some(metrics_server(bind, &data)?),
            None => None,
        };
        let workers = state.settings.workers;
        let mut server = HttpServer::new(move || {
            App::new()
                .into_utoipa_app()
                .configure(routes)
                .into_app()
                .app_data(data.clone())
                .app_data(body_timeout.clone())
                .app_data(trusted_proxies.clone())
                .app_data(request_metrics.clone())
                .app_data(authenticator.clone())
                .app_data(checkin_writes.clone())
                .app_data(library.clone())
                .app_data(limits.clone())
                .app_data(sign_in_guard.clone())
                .app_data(account_mails.clone())
                .app_data(safety_net.clone())
                .app_data(openapi.clone())
                .app_data(
                    web::PathConfig::default().error_handler(|_, _| ApiError::NotFound.into()),
                )
                .app_data(web::FormConfig::default().error_handler(crate::pages::unreadable_form))
                .default_service(web::to(|| async {
                    Err::<actix_web::HttpResponse, _>(ApiError::NotFound)
                }))
                .wrap(from_fn(crate::body_deadline::limit))
                .wrap(from_fn(crate::i18n::request::language))
                .wrap(from_fn(observe))
                // Outermost: every answer, errors included, may need HSTS.
                .wrap(from_fn(crate::client_addr::resolve))
        })
        .listen(listener)?;
        if workers > 0 {
            server = server.workers(workers);
        }
        Ok(Self {
            port: local.port(),
            address: local.to_string(),
            server: server.run(),
            metrics,
            state,
            worker,
            safety,
            scheduler,
        })
    }

    /// The port actually bound (useful with port 0).
    #[must_use]
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The address actually bound.
    #[must_use]
    pub fn address(&self) -> &str {
        &self.address
    }

    /// The address of the metrics listener, if `IPT_METRICS_BIND` is set.
    #[must_use]
    pub fn metrics_address(&self) -> Option<&str> {
        self.metrics.as_ref().map(|(_, address)| address.as_str())
    }

    /// The database connection the server uses (tests inspect and break it).
    #[must_use]
    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    /// A handle that stops the server (tests stop theirs when they end).
    #[must_use]
    pub fn server_handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// The background cleanup after erasures (tests wait for it to settle).
    #[must_use]
    pub fn at_rest(&self) -> AtRest {
        self.state.at_rest.clone()
    }

    /// The reminder worker (tests drive it step by step instead of the tick).
    #[must_use]
    pub fn reminder_worker(&self) -> Arc<ReminderWorker> {
        Arc::clone(&self.worker)
    }

    /// The safety-alert notifier (tests drive it step by step instead of the tick).
    #[must_use]
    pub fn safety_worker(&self) -> Arc<SafetyWorker> {
        Arc::clone(&self.safety)
    }

    /// Serves until the process is asked to stop (SIGINT/SIGTERM), then drains in-flight requests.
    ///
    /// # Errors
    /// The server fails.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let metrics = self.metrics.map(|(server, _)| {
            let handle = server.handle();
            (tokio::spawn(server), handle)
        });
        let result = self.server.await;
        if let Some((task, handle)) = metrics {
            handle.stop(true).await;
            let _ = task.await;
        }
        if let Some(mut scheduler) = self.scheduler {
            let _ = scheduler.shutdown().await;
        }
        // An erasure's cleanup still running gets a moment to finish (on PostgreSQL nothing
        // else would run its VACUUM); one waiting for a retry is given up.
        let _ = tokio::time::timeout(
            std::time::Duration::from_secs(10),
            self.state.at_rest.settled(),
        )
        .await;
        // Closing the pool before the process ends is what lets SQLite checkpoint its WAL
        // into the file and remove it: left to process exit, the WAL and its old page images
        // stay on disk (docs/privacy.md).
        if let Err(e) = self.state.db.close_by_ref().await {
            tracing::warn!(error = %e, "closing the database pool failed");
        }
        result
    }
}

/// The listener of `/metrics` alone, apart from the public one: metrics tell an outsider how
/// busy the clinic is and which paths exist, so they are for the operator's network only.
fn metrics_server(bind: &str, data: &web::Data<AppState>) -> anyhow::Result<(Server, String)> {
    let listener =
        TcpListener::bind(bind).with_context(|| format!("binding the metrics listener {bind}"))?;
    let address = listener.local_addr()?.to_string();
    let data = data.clone();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .service(ops::metrics)
            .default_service(web::to(|| async {
                Err::<actix_web::HttpResponse, _>(ApiError::NotFound)
            }))
    })
    .workers(1)
    .listen(listener)?
    .run();
    tracing::info!(address = %address, "metrics listener");
    Ok((server, address))
}

/// FCM when a service account is configured; otherwise pushes are recorded as skipped, and
/// that is said once, here.
fn push_gateway(settings: &Settings) -> anyhow::Result<Arc<dyn PushGateway>> {
    match &settings.fcm_service_account {
        Some(path) => Ok(Arc::new(FcmGateway::from_key_file(
            path,
            &settings.fcm_endpoint,
        )?)),
        None => {
            tracing::warn!(
                "FCM_SERVICE_ACCOUNT is not set: reminders are planned but recorded as skipped, not pushed"
            );
            Ok(Arc::new(DisabledGateway))
        }
    }
}

/// Every route of the server. Handlers are registered through utoipa so that the OpenAPI
/// document is made from the same list and cannot miss a route.
fn routes(cfg: &mut ServiceConfig) {
    cfg.service(
        scope::scope("/api/v1")
            .configure(crate::api_routes)
            .service(ops::openapi),
    )
    .service(pages::get_root)
    .service(pages::sign_in::get_login)
    .service(pages::sign_in::post_login)
    .service(pages::two_step::post_login_code)
    .service(pages::two_step::get_two_step)
    .service(pages::two_step::post_two_step_start)
    .service(pages::two_step::post_two_step_confirm)
    .service(pages::two_step::post_two_step_disable)
    .service(pages::sign_in::post_logout)
    .service(pages::sign_ins::get_sign_ins_page)
    .service(pages::sign_ins::post_revoke_sign_in)
    .service(pages::account_links::get_password_reset)
    .service(pages::account_links::post_password_reset)
    .service(pages::account_links::get_new_password)
    .service(pages::account_links::post_new_password)
    .service(pages::account_links::get_verify_email)
    .service(pages::account_links::post_verify_email)
    .service(pages::get_dashboard_page)
    .service(pages::client_page::get_client_page)
    .service(pages::client_page::post_acknowledge)
    .service(pages::client_page::post_session_mark)
    .service(pages::client_page::post_goal_ratings)
    .service(pages::region::post_region)
    .service(pages::get_css)
    .service(ops::pages_openapi)
    .service(ops::healthz)
    .service(ops::readyz);
}

/// The OpenAPI document of the v1 API, as served at `/api/v1/openapi.json`.
#[must_use]
pub fn openapi_document() -> serde_json::Value {
    crate::openapi::api(&raw_openapi_document())
}

/// The OpenAPI document of the therapist pages and the operations endpoints, as served at
/// `/openapi.pages.json`.
#[must_use]
pub fn pages_openapi_document() -> serde_json::Value {
    crate::openapi::pages(&raw_openapi_document())
}

/// What utoipa makes of every route; `openapi.rs` shapes the two documents from it.
fn raw_openapi_document() -> OpenApi {
    App::new()
        .into_utoipa_app()
        .configure(routes)
        .split_for_parts()
        .1
}
