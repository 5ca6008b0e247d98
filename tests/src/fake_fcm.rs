//! A fake FCM HTTP v1 API and OAuth 2.0 token endpoint on 127.0.0.1, speaking the real
//! protocol: the JWT-bearer grant at `/token`, and `messages:send` answering success or the
//! error a test scripts for a device token (UNREGISTERED, 429 with Retry-After, 503, …).

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use base64::Engine;
use serde_json::{Value, json};
use std::collections::{HashMap, VecDeque};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pub const PROJECT: &str = "ipt-test";
pub const CLIENT_EMAIL: &str = "push@ipt-test.iam.gserviceaccount.com";

/// A scripted answer to one send.
#[derive(Debug, Clone)]
pub enum Reply {
    Ok,
    /// HTTP status, FCM error code, optional Retry-After seconds.
    Error(u16, &'static str, Option<u64>),
}

#[derive(Default)]
struct State {
    messages: Vec<Value>,
    token_requests: Vec<HashMap<String, String>>,
    issued: Vec<String>,
    script: HashMap<String, VecDeque<Reply>>,
    /// How long each send waits before it is answered (a test kills the sender meanwhile).
    delay: std::time::Duration,
}

/// The running fake; it stops with the test's runtime.
pub struct FakeFcm {
    pub url: String,
    state: Arc<Mutex<State>>,
    _key_dir: tempfile::TempDir,
    /// A service-account JSON whose `token_uri` points here.
    pub service_account: PathBuf,
}

fn lock(state: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

async fn token(
    state: web::Data<Arc<Mutex<State>>>,
    form: web::Form<HashMap<String, String>>,
) -> HttpResponse {
    let form = form.into_inner();
    let grant_ok = form.get("grant_type").map(String::as_str)
        == Some("urn:ietf:params:oauth:grant-type:jwt-bearer");
    let claims = form
        .get("assertion")
        .and_then(|jwt| jwt.split('.').nth(1))
        .and_then(|part| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(part.trim_end_matches('='))
                .ok()
        })
        .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
        .unwrap_or(Value::Null);
    let mut s = lock(&state);
    s.token_requests.push(form);
    if !grant_ok
        || claims["iss"] != CLIENT_EMAIL
        || !claims["scope"]
            .as_str()
            .is_some_and(|sc| sc.contains("firebase.messaging"))
    {
        return HttpResponse::BadRequest().json(json!({"error": "invalid_grant"}));
    }
    let access = format!("ya29.fake-{}", s.issued.len() + 1);
    s.issued.push(access.clone());
    HttpResponse::Ok()
        .json(json!({"access_token": access, "expires_in": 3600, "token_type": "Bearer"}))
}

/// Records one send and picks its scripted reply; `None` for a bad token or project.
fn record(
    state: &Mutex<State>,
    req: &HttpRequest,
    path: &str,
    body: Value,
) -> Option<(Reply, usize, std::time::Duration)> {
    let mut s = lock(state);
    let bearer = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if path != PROJECT || !bearer.is_some_and(|b| s.issued.iter().any(|t| t == b)) {
        return None;
    }
    let device = body["message"]["token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let reply = s
        .script
        .get_mut(&device)
        .and_then(VecDeque::pop_front)
        .unwrap_or(Reply::Ok);
    s.messages.push(json!({
        "body": body,
        "reply": format!("{reply:?}"),
        "received_at": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
    }));
    Some((reply, s.messages.len(), s.delay))
}

async fn send(
    state: web::Data<Arc<Mutex<State>>>,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<Value>,
) -> HttpResponse {
    let (reply, sent, delay) = match record(&state, &req, &path, body.into_inner()) {
        Some(recorded) => recorded,
        None => {
            return HttpResponse::Unauthorized()
                .json(json!({"error": {"code": 401, "status": "UNAUTHENTICATED"}}));
        }
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    match reply {
        Reply::Ok => {
            HttpResponse::Ok().json(json!({"name": format!("projects/{PROJECT}/messages/{sent}")}))
        }
        Reply::Error(status, code, retry_after) => {
            let mut res = HttpResponse::build(
                actix_web::http::StatusCode::from_u16(status)
                    .unwrap_or(actix_web::http::StatusCode::INTERNAL_SERVER_ERROR),
            );
            if let Some(secs) = retry_after {
                res.insert_header(("retry-after", secs.to_string()));
            }
            res.json(json!({"error": {"code": status, "message": "scripted", "status": "FAILED",
                "details": [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": code}]}}))
        }
    }
}

impl FakeFcm {
    /// Starts the fake on a free port.
    pub fn start() -> Self {
        Self::start_with_delay(std::time::Duration::ZERO)
    }

    /// Starts the fake; each send is answered only after `delay` (recorded on arrival).
    pub fn start_with_delay(delay: std::time::Duration) -> Self {
        let state = Arc::new(Mutex::new(State {
            delay,
            ..State::default()
        }));
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        let data = web::Data::new(Arc::clone(&state));
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .route("/token", web::post().to(token))
                .route("/v1/projects/{project}/messages:send", web::post().to(send))
        })
        .workers(2)
        .disable_signals()
        .listen(listener)
        .expect("listening")
        .run();
        drop(tokio::spawn(server));

        let key_dir = tempfile::tempdir().expect("a folder");
        let private_key = include_str!("../fixtures/test-only-service-account-key.pem");
        let account = json!({
            "type": "service_account", "project_id": PROJECT, "private_key_id": "test-key",
            "private_key": private_key, "client_email": CLIENT_EMAIL, "client_id": "1",
            "token_uri": format!("{url}/token"),
        });
        let service_account = key_dir.path().join("service-account.json");
        std::fs::write(&service_account, account.to_string()).expect("written");
        Self {
            url,
            state,
            _key_dir: key_dir,
            service_account,
        }
    }

    /// Answers the next sends to `device_token` with these replies, in order.
    pub fn script(&self, device_token: &str, replies: impl IntoIterator<Item = Reply>) {
        lock(&self.state)
            .script
            .entry(device_token.to_owned())
            .or_default()
            .extend(replies);
    }

    /// Every `messages:send` body received (with the scripted reply given).
    #[must_use]
    pub fn messages(&self) -> Vec<Value> {
        lock(&self.state)
            .messages
            .iter()
            .map(|m| m["body"].clone())
            .collect()
    }

    /// Sends answered with success.
    #[must_use]
    pub fn delivered(&self) -> Vec<Value> {
        lock(&self.state)
            .messages
            .iter()
            .filter(|m| m["reply"] == "Ok")
            .map(|m| m["body"].clone())
            .collect()
    }

    /// How many sends were answered with success so far.
    #[must_use]
    pub fn delivered_count(&self) -> usize {
        lock(&self.state)
            .messages
            .iter()
            .filter(|m| m["reply"] == "Ok")
            .count()
    }

    /// The reminder id and arrival time (by the system clock) of every successful send.
    #[must_use]
    pub fn arrivals(&self) -> Vec<(String, chrono::DateTime<chrono::Utc>)> {
        lock(&self.state)
            .messages
            .iter()
            .filter(|m| m["reply"] == "Ok")
            .filter_map(|m| {
                let id = m["body"]["message"]["data"]["reminder_id"].as_str()?;
                let at = m["received_at"].as_str()?.parse().ok()?;
                Some((id.to_owned(), at))
            })
            .collect()
    }

    /// How many OAuth tokens were granted.
    #[must_use]
    pub fn tokens_granted(&self) -> usize {
        lock(&self.state).issued.len()
    }
}

/// An application whose pushes go to a new [`FakeFcm`].
pub async fn app_with_fcm() -> (crate::TestApp, FakeFcm) {
    let fcm = FakeFcm::start();
    let (account, endpoint) = (fcm.service_account.clone(), fcm.url.clone());
    let app = crate::spawn_app_with(move |s| {
        s.fcm_service_account = Some(account);
        s.fcm_endpoint = endpoint;
    })
    .await;
    (app, fcm)
}
