//! HTTP/1.1 requests written byte for byte, as an attacker would send them: no client library
//! in between that normalises the path (resolving `..`, re-encoding) or the headers.

use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// What came back.
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The problem `code` of an error answer.
    pub fn code(&self) -> Option<String> {
        serde_json::from_str::<serde_json::Value>(&self.body)
            .ok()?
            .get("code")?
            .as_str()
            .map(str::to_owned)
    }
}

/// A request to be written as it is.
#[derive(Debug, Clone)]
pub struct RawRequest<'a> {
    pub method: &'a str,
    pub target: &'a str,
    pub headers: Vec<(&'a str, String)>,
    pub body: &'a str,
}

impl<'a> RawRequest<'a> {
    pub fn new(method: &'a str, target: &'a str) -> RawRequest<'a> {
        RawRequest {
            method,
            target,
            headers: Vec::new(),
            body: "",
        }
    }

    pub fn header(mut self, name: &'a str, value: impl Into<String>) -> RawRequest<'a> {
        self.headers.push((name, value.into()));
        self
    }

    pub fn json(mut self, body: &'a str) -> RawRequest<'a> {
        self.body = body;
        self.header("Content-Type", "application/json")
    }

    /// Sends it from the default local address.
    pub async fn send(&self, port: u16) -> RawResponse {
        self.send_to(SocketAddr::from(([127, 0, 0, 1], port)), None)
            .await
    }

    /// Sends it to `to`, from the loopback address `from` if given (any of 127.0.0.0/8).
    pub async fn send_to(&self, to: SocketAddr, from: Option<std::net::IpAddr>) -> RawResponse {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        if let Some(from) = from {
            socket.bind(SocketAddr::new(from, 0)).unwrap();
        }
        let mut stream = socket.connect(to).await.expect("the server accepts");
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: {to}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.method,
            self.target,
            self.body.len()
        );
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.write_all(self.body.as_bytes()).await.unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await.unwrap();
        parse(&raw)
    }
}

fn parse(raw: &[u8]) -> RawResponse {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    let chunked = headers.iter().any(|(name, value)| {
        name.eq_ignore_ascii_case("transfer-encoding") && value.contains("chunked")
    });
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_owned()
    };
    RawResponse {
        status,
        headers,
        body,
    }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}
