//! Builds the application: database, migrations, routes, middleware, HTTP server. The binary
//! and every test start exactly this.

use crate::audit::ReadLog;
use crate::checkins::service::CheckinWriter;
use crate::clock::Clock;
use crate::configuration::Settings;
use crate::error::ApiError;
use crate::group_commit::{GroupCommit, WriteGate};
use crate::limits::Limits;
use crate::observability::{Metrics, observe};
use crate::ops::OpenApiJson;
use crate::push::{DisabledGateway, FcmGateway, PushGateway};
use crate::reminders::dispatch::Dispatcher;
use crate::reminders::kind::{GraceWindows, PushTexts};
use crate::reminders::planner::Planner;
use crate::reminders::worker::ReminderWorker;
use crate::safety::crisis::CrisisCatalog;
use crate::safety::mail::{Mailer, SmtpMailer};
use crate::safety::notify::{Notifier, SafetyWorker};
use crate::safety::service::Channels;
use crate::safety::webhook::{HttpWebhook, WebhookSender};
use crate::state::AppState;
use crate::{
    accounts, audit, auth, checkins, clients, dashboard, db, devices, exercises, homework, ops,
    pages, privacy, relationships, reminders, safety, sync,
};
use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use sea_orm::DatabaseConnection;
use std::net::TcpListener;
use std::sync::Arc;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{InfoBuilder, OpenApi};
use utoipa_actix_web::service_config::ServiceConfig;
use utoipa_actix_web::{AppExt, scope};

/// A running server.
pub struct Application {
    port: u16,
    address: String,
    server: Server,
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
        let token_key =
            auth::load_token_key(&db, settings.token_key.as_deref(), clock.now()).await?;
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
        };
        if !channels.email && !channels.webhook {
            tracing::warn!(
                "neither IPT_SMTP_URL nor IPT_ALERT_WEBHOOK_URL is set: safety alerts reach therapists only in the app (and by push to a registered phone); see docs/safety.md"
            );
        }
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
            Arc::clone(&planner),
            dispatcher,
        ));
        let scheduler = if settings.scheduler {
            let scheduler = worker.start().await?;
            safety.schedule(&scheduler).await?;
            Some(scheduler)
        } else {
            None
        };
        let state = AppState {
            checkins: Arc::new(GroupCommit::start(
                &db,
                &gate,
                settings.write_lanes(),
                CheckinWriter { channels },
            )),
            reads: Arc::new(ReadLog::start(&db, &gate, settings.write_lanes())),
            db,
            clock,
            metrics,
            crisis: Arc::new(CrisisCatalog::load(settings.crisis_resources.as_deref())?),
            readings: Arc::new(crate::readings::library::Library::load(
                settings.readings.as_deref(),
            )?),
            channels,
            gate: gate.clone(),
            planner,
            limits: Arc::new(Limits::new(
                settings.rate_limit_per_address,
                settings.rate_limit_per_account,
            )),
            settings: Arc::new(settings),
            token_key,
        };
        let openapi = web::Data::new(OpenApiJson(serde_json::to_string(&openapi_document())?));
        let data = web::Data::new(state.clone());
        let workers = state.settings.workers;
        let mut server = HttpServer::new(move || {
            App::new()
                .into_utoipa_app()
                .configure(routes)
                .into_app()
                .app_data(data.clone())
                .app_data(openapi.clone())
                .app_data(
                    web::PathConfig::default().error_handler(|_, _| ApiError::NotFound.into()),
                )
                .default_service(web::to(|| async {
                    Err::<actix_web::HttpResponse, _>(ApiError::NotFound)
                }))
                .wrap(from_fn(observe))
        })
        .listen(listener)?;
        if workers > 0 {
            server = server.workers(workers);
        }
        Ok(Self {
            port: local.port(),
            address: local.to_string(),
            server: server.run(),
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
        let result = self.server.await;
        if let Some(mut scheduler) = self.scheduler {
            let _ = scheduler.shutdown().await;
        }
        result
    }
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
            // Matched in order, each path with a parameter by a regex: the phones' most
            // frequent calls go first (about 3 % of a check-in's CPU went to trying the others).
            .service(checkins::routes::create_checkin)
            .service(checkins::routes::list_checkins)
            .service(accounts::routes::create_therapist)
            .service(auth::routes::login)
            .service(auth::routes::refresh)
            .service(auth::routes::logout)
            .service(auth::routes::redeem_invite)
            .service(accounts::routes::me)
            .service(accounts::routes::update_me)
            .service(clients::routes::create_client)
            .service(clients::routes::list_clients)
            .service(clients::routes::get_client)
            .service(clients::routes::create_invite)
            .service(clients::routes::update_treatment)
            .service(clients::routes::put_region)
            .service(crate::sessions::routes::list_sessions)
            .service(crate::sessions::routes::mark_session)
            .service(crate::readings::routes::list_readings)
            .service(crate::readings::routes::list_client_readings)
            .service(crate::readings::routes::open_reading)
            .service(clients::routes::get_practice_target)
            .service(clients::routes::put_practice_target)
            .service(relationships::routes::create_relationship)
            .service(relationships::routes::list_relationships)
            .service(relationships::routes::update_relationship)
            .service(relationships::routes::delete_relationship)
            .service(exercises::routes::list_exercises)
            .service(exercises::routes::get_exercise)
            .service(exercises::routes::create_exercise_log)
            .service(exercises::routes::list_exercise_logs)
            .service(homework::routes::assign_homework)
            .service(homework::routes::list_homework)
            .service(homework::routes::update_homework)
            .service(homework::routes::cancel_homework)
            .service(homework::routes::complete_homework)
            .service(devices::routes::register_device)
            .service(devices::routes::list_devices)
            .service(devices::routes::delete_device)
            .service(reminders::routes::get_reminders)
            .service(reminders::routes::put_reminders)
            .service(reminders::routes::list_notifications)
            .service(reminders::routes::mark_opened)
            .service(crate::safety_plan::routes::get_safety_plan)
            .service(crate::safety_plan::routes::put_safety_plan)
            .service(crate::relapse_plan::routes::get_relapse_plan)
            .service(crate::relapse_plan::routes::put_relapse_plan)
            .service(crate::formulation::routes::get_formulation)
            .service(crate::formulation::routes::put_formulation)
            .service(crate::courses::routes::list_courses)
            .service(crate::courses::routes::start_course)
            .service(crate::courses::routes::end_course)
            .service(dashboard::routes::get_dashboard)
            .service(dashboard::routes::get_client_summary)
            .service(privacy::routes::get_export)
            .service(privacy::routes::delete_client)
            .service(audit::routes::get_audit)
            .service(audit::routes::get_access_log)
            .service(safety::routes::get_alerts)
            .service(safety::routes::acknowledge_alert)
            .service(safety::routes::get_crisis_resources)
            .service(safety::routes::get_safety_contacts)
            .service(safety::routes::put_safety_contacts)
            .service(safety::routes::register_my_device)
            .service(safety::routes::list_my_devices)
            .service(safety::routes::delete_my_device)
            .service(sync::routes::get_changes)
            .service(ops::openapi),
    )
    .service(pages::get_root)
    .service(pages::get_login)
    .service(pages::post_login)
    .service(pages::post_logout)
    .service(pages::get_dashboard_page)
    .service(pages::get_client_page)
    .service(pages::post_acknowledge)
    .service(pages::post_session_mark)
    .service(pages::post_goal_ratings)
    .service(pages::get_css)
    .service(ops::healthz)
    .service(ops::readyz)
    .service(ops::metrics);
}

/// The OpenAPI document of every route.
#[must_use]
pub fn openapi_document() -> OpenApi {
    let (_, mut doc) = App::new()
        .into_utoipa_app()
        .configure(routes)
        .split_for_parts();
    doc.info = InfoBuilder::new()
        .title("IPT Companion API")
        .version("1")
        .description(Some(
            "Between-session support for interpersonal psychotherapy: the phone app's and the \
             therapist dashboard's API. Errors are application/problem+json (RFC 9457).",
        ))
        .build();
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
    );
    document_common_errors(&mut doc);
    doc
}

/// Every API operation can also answer with the shared problem responses (bad JSON, a missing
/// token, a body too large, rate limits, the database away…); documenting them on each
/// operation keeps the document true for any client, and for schema fuzzing.
fn document_common_errors(doc: &mut OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    const COMMON: [(&str, &str); 8] = [
        ("400", "Malformed JSON"),
        ("401", "No valid token"),
        ("404", "No such resource, or not yours"),
        ("413", "Body over 64 KiB"),
        ("415", "Body not sent as JSON"),
        ("422", "Invalid fields or parameters"),
        ("429", "Too many attempts; see Retry-After"),
        ("503", "The database does not answer; retry later"),
    ];
    for (path, item) in &mut doc.paths.paths {
        if !path.starts_with("/api/v1") || path.ends_with("/openapi.json") {
            continue;
        }
        for operation in [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ]
        .into_iter()
        .flatten()
        {
            for (status, description) in COMMON {
                operation
                    .responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| {
                        ResponseBuilder::new()
                            .description(description)
                            .content(
                                "application/problem+json",
                                ContentBuilder::new()
                                    .schema(Some(Ref::from_schema_name("Problem")))
                                    .build(),
                            )
                            .build()
                            .into()
                    });
            }
        }
    }
}
