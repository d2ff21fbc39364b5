//! Delivery: SMTP with lettre, or — without `--smtp-url` — a dev mailbox of `.eml` files.

use crate::store::outbox::QueuedMessage;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use url::Url;

/// `smtp://user:pass@host:587` (STARTTLS required), `smtp://…?tls=opportunistic`,
/// `smtp://…?tls=none` (plain, e.g. a relay on loopback), or `smtps://…` (implicit TLS).
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpUrl(Url);

impl FromStr for SmtpUrl {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let url = Url::parse(s).map_err(|e| format!("not a URL: {e}"))?;
        match url.scheme() {
            "smtp" | "smtps" if url.host_str().is_some() => Ok(SmtpUrl(url)),
            "smtp" | "smtps" => Err("the SMTP URL needs a host".into()),
            other => Err(format!(
                "unsupported mail scheme `{other}`: use smtp:// or smtps://"
            )),
        }
    }
}

impl fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::domain::redact_password(self.0.as_str()))
    }
}

impl fmt::Display for SmtpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl SmtpUrl {
    /// The URL in lettre's terms: plain `smtp://` means STARTTLS required here.
    fn lettre_url(&self) -> String {
        let mut url = self.0.clone();
        let tls = url
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.into_owned());
        let rest: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| k != "tls")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        url.set_query(None);
        {
            let mut query = url.query_pairs_mut();
            for (key, value) in &rest {
                query.append_pair(key, value);
            }
            match (self.0.scheme(), tls.as_deref()) {
                ("smtp", None) => {
                    query.append_pair("tls", "required");
                }
                ("smtp", Some("none")) | ("smtps", _) => {}
                (_, Some(other)) => {
                    query.append_pair("tls", other);
                }
                (_, None) => {}
            }
        }
        let text = url.to_string();
        text.strip_suffix('?').map(str::to_owned).unwrap_or(text)
    }
}

/// Where messages go.
#[derive(Debug, Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// Development mailbox: one `.eml` file per message.
    Mailbox(PathBuf),
}

/// Why a delivery attempt failed, and whether trying again can help.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("{0}")]
    Temporary(String),
    #[error("{0}")]
    Permanent(String),
}

impl Mailer {
    pub fn new(smtp: Option<&SmtpUrl>, mailbox: PathBuf) -> anyhow::Result<Mailer> {
        match smtp {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&url.lettre_url())?
                    .timeout(Some(std::time::Duration::from_secs(20)))
                    .build();
                Ok(Mailer::Smtp(transport))
            }
            None => {
                std::fs::create_dir_all(&mailbox)?;
                Ok(Mailer::Mailbox(mailbox))
            }
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Mailer::Smtp(_) => "SMTP".to_owned(),
            Mailer::Mailbox(dir) => format!("dev mailbox {}/*.eml", dir.display()),
        }
    }

    pub async fn send(&self, from: &Mailbox, queued: &QueuedMessage) -> Result<(), SendError> {
        let message = build(from, queued)?;
        match self {
            Mailer::Smtp(transport) => transport.send(message).await.map(drop).map_err(|error| {
                if error.is_permanent() {
                    SendError::Permanent(error.to_string())
                } else {
                    SendError::Temporary(error.to_string())
                }
            }),
            Mailer::Mailbox(dir) => AsyncFileTransport::<Tokio1Executor>::new(dir)
                .send(message)
                .await
                .map(drop)
                .map_err(|error| SendError::Temporary(error.to_string())),
        }
    }
}

/// The MIME message: text and HTML alternatives, plus the calendar file if any.
fn build(from: &Mailbox, queued: &QueuedMessage) -> Result<Message, SendError> {
    let to: Mailbox = queued
        .recipient
        .parse()
        .map_err(|e| SendError::Permanent(format!("recipient address: {e}")))?;
    let body =
        MultiPart::alternative_plain_html(queued.body_text.clone(), queued.body_html.clone());
    let body = match (&queued.ics, &queued.ics_method) {
        (Some(ics), Some(method)) => {
            let content_type =
                ContentType::parse(&format!("text/calendar; charset=utf-8; method={method}"))
                    .map_err(|e| SendError::Permanent(format!("calendar content type: {e}")))?;
            let attachment: SinglePart =
                Attachment::new("termin.ics".to_owned()).body(ics.clone(), content_type);
            MultiPart::mixed().multipart(body).singlepart(attachment)
        }
        _ => body,
    };
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(queued.subject.clone())
        .message_id(Some(queued.message_id.clone()))
        .multipart(body)
        .map_err(|e| SendError::Permanent(format!("building the message: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_smtp_means_starttls_required_unless_relaxed() {
        let url: SmtpUrl = "smtp://user:secret@mail.example:587".parse().unwrap();
        assert_eq!(
            url.lettre_url(),
            "smtp://user:secret@mail.example:587?tls=required"
        );
        let plain: SmtpUrl = "smtp://127.0.0.1:2525?tls=none".parse().unwrap();
        assert_eq!(plain.lettre_url(), "smtp://127.0.0.1:2525");
        let implicit: SmtpUrl = "smtps://mail.example".parse().unwrap();
        assert_eq!(implicit.lettre_url(), "smtps://mail.example");
        assert!("http://mail.example".parse::<SmtpUrl>().is_err());
    }

    #[test]
    fn the_smtp_password_never_shows_in_logs() {
        let url: SmtpUrl = "smtp://user:secret@mail.example:587".parse().unwrap();
        assert!(!format!("{url:?} {url}").contains("secret"));
    }
}
