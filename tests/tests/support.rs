//! Self-test of the notification test harness (`ipt_tests::mail`): the real SMTP server and the
//! real Standard Webhooks receiver work, before the application's tests rely on them.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{Hmac, Mac};
use ipt_tests::mail::{SmtpSink, WebhookReceiver, whsec_secret};
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use reqwest::StatusCode;
use serde_json::json;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use uuid::Uuid;

const WAIT: Duration = Duration::from_secs(10);

fn transport(sink: &SmtpSink, timeout: Duration) -> AsyncSmtpTransport<Tokio1Executor> {
    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
        .port(sink.port())
        .timeout(Some(timeout))
        .build()
}

fn mail(message_id: &str, subject: &str, body: &str) -> Message {
    Message::builder()
        .from(
            "IPT Companion <alerts@ipt.example>"
                .parse::<Mailbox>()
                .expect("a mailbox"),
        )
        .to("ada@example.org".parse::<Mailbox>().expect("a mailbox"))
        .bcc("oncall@example.org".parse::<Mailbox>().expect("a mailbox"))
        .subject(subject)
        .message_id(Some(format!("<{message_id}>")))
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_owned())
        .expect("a message")
}

fn new_message_id() -> String {
    format!("{}@ipt.example", Uuid::new_v4())
}

#[tokio::test]
async fn smtp_sink_keeps_a_message_sent_over_smtp() {
    let sink = SmtpSink::start().await;
    assert_eq!(sink.url(), format!("smtp://127.0.0.1:{}", sink.port()));
    let id = new_message_id();
    // Non-ASCII and a long line, so that the body goes out transfer-encoded.
    let body = format!(
        "Sicherheitshinweis für Ihre Klientin: bitte prüfen. {}\nEnde.\n",
        "lange Zeile ".repeat(20)
    );
    let response = transport(&sink, WAIT)
        .send(mail(&id, "Sicherheitshinweis – Grüße", &body))
        .await
        .expect("the sink accepts the message");
    assert!(response.is_positive());

    let messages = sink.wait_for(1, WAIT).await;
    assert_eq!(messages.len(), 1, "stderr: {}", sink.stderr());
    let m = &messages[0];
    assert_eq!(m.message_id.as_deref(), Some(id.as_str()));
    assert_eq!(m.subject, "Sicherheitshinweis – Grüße");
    assert_eq!(m.from, "alerts@ipt.example");
    assert_eq!(m.header_from.as_deref(), Some("alerts@ipt.example"));
    // The envelope has the Bcc recipient; the headers do not.
    assert_eq!(m.to, ["ada@example.org", "oncall@example.org"]);
    assert_eq!(m.header_to, ["ada@example.org"]);
    assert!(
        m.body_text
            .contains("Sicherheitshinweis für Ihre Klientin: bitte prüfen."),
        "{:?}",
        m.body_text
    );
    assert!(!m.raw.is_empty());
    assert_eq!(m.header("Message-ID").as_deref(), Some(id.as_str()));

    assert!(sink.terminate().await.success(), "exits cleanly on SIGTERM");
}

/// Reads one (maybe multi-line) SMTP reply and checks its code.
async fn expect(stream: &mut BufReader<TcpStream>, code: &str) {
    loop {
        let mut line = String::new();
        stream.read_line(&mut line).await.expect("a reply");
        assert!(line.starts_with(code), "expected {code}, got {line:?}");
        if line.as_bytes().get(3) != Some(&b'-') {
            return;
        }
    }
}

/// Speaks SMTP by hand up to the end of DATA and returns the open connection, as a sender
/// that is then killed would leave it.
async fn send_until_end_of_data(sink: &SmtpSink, message_id: &str) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", sink.port()))
        .await
        .expect("connect to the sink");
    let mut stream = BufReader::new(stream);
    expect(&mut stream, "220").await;
    for (command, code) in [
        ("EHLO sender.example".to_owned(), "250"),
        ("MAIL FROM:<alerts@ipt.example>".to_owned(), "250"),
        ("RCPT TO:<ada@example.org>".to_owned(), "250"),
        ("DATA".to_owned(), "354"),
    ] {
        stream
            .get_mut()
            .write_all(format!("{command}\r\n").as_bytes())
            .await
            .expect("send");
        expect(&mut stream, code).await;
    }
    let data = format!(
        "From: alerts@ipt.example\r\nTo: ada@example.org\r\nSubject: stalled\r\n\
         Message-ID: <{message_id}>\r\n\r\nfirst\r\n.\r\n"
    );
    stream
        .get_mut()
        .write_all(data.as_bytes())
        .await
        .expect("send");
    stream.into_inner()
}

#[tokio::test]
async fn a_sender_that_goes_away_during_a_stall_leaves_no_message() {
    let sink = SmtpSink::start_with(&["--stall-first", "60"]).await;
    let connection = send_until_end_of_data(&sink, &new_message_id()).await;
    assert!(sink.wait_for_stall(WAIT).await, "the first send stalls");
    // The sender dies in the middle of the send: its connection closes.
    drop(connection);
    let deadline = tokio::time::Instant::now() + WAIT;
    while !sink.stall_ended() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(sink.stall_ended(), "the stalled transaction is dropped");

    // Only the first transaction stalls.
    let next = new_message_id();
    transport(&sink, WAIT)
        .send(mail(&next, "next", "second"))
        .await
        .expect("the next send goes through");
    let messages = sink.wait_for(2, Duration::from_millis(500)).await;
    let ids: Vec<_> = messages.iter().map(|m| m.message_id.clone()).collect();
    assert_eq!(ids, [Some(next)], "the stalled message was not stored");
}

#[tokio::test]
async fn a_stall_that_the_sender_waits_out_is_refused_as_transient() {
    let sink = SmtpSink::start_with(&["--stall-first", "1"]).await;
    let err = transport(&sink, WAIT)
        .send(mail(&new_message_id(), "stalled", "first"))
        .await
        .expect_err("refused after the stall");
    assert!(err.is_transient(), "{err:?}");
    assert!(sink.messages().is_empty());
}

#[tokio::test]
async fn a_stored_message_whose_reply_stalls_is_kept() {
    let sink = SmtpSink::start_with(&["--store-then-stall-first", "60"]).await;
    let id = new_message_id();
    let transport = transport(&sink, WAIT);
    tokio::time::timeout(
        Duration::from_secs(2),
        transport.send(mail(&id, "stored", "first")),
    )
    .await
    .expect_err("the sender never sees the 250");
    let messages = sink.wait_for(1, WAIT).await;
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].message_id.as_deref(), Some(id.as_str()));
    assert!(sink.stall_started());
}

/// `v1,<base64 of HMAC-SHA256(key, "{id}.{timestamp}.{body}")>`, key from `whsec_<base64>`.
fn sign(secret: &str, id: &str, timestamp: &str, body: &str) -> String {
    let key = B64
        .decode(secret.strip_prefix("whsec_").expect("a whsec_ secret"))
        .expect("base64");
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key).expect("any key length");
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    format!("v1,{}", B64.encode(mac.finalize().into_bytes()))
}

fn now() -> String {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
        .to_string()
}

async fn post(url: &str, id: &str, timestamp: &str, signature: &str, body: &str) -> StatusCode {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", id)
        .header("webhook-timestamp", timestamp)
        .header("webhook-signature", signature)
        .body(body.to_owned())
        .send()
        .await
        .expect("the receiver answers")
        .status()
}

#[tokio::test]
async fn webhook_receiver_verifies_signatures_with_the_reference_library() {
    let secret = whsec_secret();
    assert!(secret.starts_with("whsec_"));
    assert_eq!(
        B64.decode(&secret["whsec_".len()..]).expect("base64").len(),
        24
    );
    let receiver = WebhookReceiver::start(&secret).await;
    let body = json!({"type": "safety_alert.created", "data": {"alert": "a1"}}).to_string();
    let ts = now();

    let good = sign(&secret, "msg_good", &ts, &body);
    let status = post(&receiver.url(), "msg_good", &ts, &good, &body).await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    let wrong = sign(&whsec_secret(), "msg_bad", &ts, &body);
    let status = post(&receiver.url(), "msg_bad", &ts, &wrong, &body).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let hooks = receiver.wait_for(2, WAIT).await;
    assert_eq!(hooks.len(), 2, "stderr: {}", receiver.stderr());
    assert!(hooks[0].verified, "{:?}", hooks[0]);
    assert_eq!(hooks[0].id, "msg_good");
    assert_eq!(hooks[0].timestamp, ts);
    assert_eq!(hooks[0].body["data"]["alert"], "a1");
    assert_eq!(hooks[0].error, None);
    assert_eq!(hooks[0].status, 204);
    assert!(!hooks[1].verified);
    assert_eq!(hooks[1].id, "msg_bad");
    assert_eq!(hooks[1].status, 401);
    assert!(hooks[1].error.is_some());
    assert_eq!(hooks[1].body["type"], "safety_alert.created");

    assert!(receiver.terminate().await.success(), "exits cleanly");
}

#[tokio::test]
async fn webhook_receiver_fails_the_first_requests_when_asked() {
    let secret = whsec_secret();
    let receiver = WebhookReceiver::start_with(&secret, &["--fail-first", "1"]).await;
    let body = r#"{"type":"safety_alert.created"}"#;
    let ts = now();
    let signature = sign(&secret, "msg_retry", &ts, body);
    let first = post(&receiver.url(), "msg_retry", &ts, &signature, body).await;
    let second = post(&receiver.url(), "msg_retry", &ts, &signature, body).await;
    assert_eq!(
        (first, second),
        (StatusCode::SERVICE_UNAVAILABLE, StatusCode::NO_CONTENT)
    );
    let hooks = receiver.received();
    assert_eq!(hooks.len(), 2);
    assert!(hooks.iter().all(|h| h.verified && h.id == "msg_retry"));
    assert_eq!(hooks[0].status, 503);
    assert_eq!(hooks[1].status, 204);
}
