//! Behind a real reverse proxy: Debian's nginx, started by the test on loopback in front of
//! the server, configured as README recommends. Clients connect from different loopback
//! addresses (all of 127.0.0.0/8 is loopback), so each has an address of its own.

use crate::helpers::*;
use crate::raw_http::RawRequest;
use std::net::{IpAddr, SocketAddr};

/// An nginx of this test's own, stopped when dropped.
pub struct Nginx {
    child: std::process::Child,
    pub port: u16,
    _dir: tempfile::TempDir,
}

impl Nginx {
    /// nginx proxying to `upstream_port`, or `None` (said loudly; a failure under CI) when
    /// nginx is not installed.
    pub async fn start(upstream_port: u16) -> Option<Nginx> {
        let Some(binary) = ["/usr/sbin/nginx", "/usr/bin/nginx"]
            .into_iter()
            .find(|path| std::path::Path::new(path).exists())
        else {
            assert!(
                std::env::var_os("CI").is_none(),
                "nginx is needed for the reverse-proxy tests under CI (cargo xtask test installs it)"
            );
            eprintln!("!!! nginx is not installed: the reverse-proxy test did NOT run");
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let d = dir.path().display();
        let config = format!(
            "worker_processes 1;\n\
             error_log {d}/error.log;\n\
             pid {d}/nginx.pid;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n\
               access_log off;\n\
               client_body_temp_path {d}/body; proxy_temp_path {d}/proxy;\n\
               fastcgi_temp_path {d}/fastcgi; uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;\n\
               server {{\n\
                 listen 127.0.0.1:{port};\n\
                 location / {{\n\
                   proxy_pass http://127.0.0.1:{upstream_port};\n\
                   proxy_set_header Host $host;\n\
                   proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n\
                   proxy_set_header X-Forwarded-Proto $scheme;\n\
                 }}\n\
               }}\n\
             }}\n"
        );
        std::fs::write(dir.path().join("nginx.conf"), config).unwrap();
        let child = std::process::Command::new(binary)
            .arg("-p")
            .arg(dir.path())
            .arg("-c")
            .arg(dir.path().join("nginx.conf"))
            .args(["-g", "daemon off;"])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("nginx starts");
        let nginx = Nginx {
            child,
            port,
            _dir: dir,
        };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(nginx);
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("nginx did not listen on {port}");
    }

    pub fn address(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.port))
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn loopback(last: u8) -> IpAddr {
    IpAddr::from([127, 0, 0, last])
}

/// How many of `n` requests to the offices from `from` (through `to`) passed.
async fn passed(to: SocketAddr, from: IpAddr, n: usize, forwarded_for: Option<&str>) -> usize {
    let mut passed = 0;
    for _ in 0..n {
        let mut request = RawRequest::new("GET", "/api/v1/offices");
        if let Some(value) = forwarded_for {
            request = request.header("X-Forwarded-For", value);
        }
        match request.send_to(to, Some(from)).await.status {
            200 => passed += 1,
            429 => {}
            other => panic!("unexpected status {other}"),
        }
    }
    passed
}

#[tokio::test]
async fn behind_nginx_two_clients_get_two_budgets_and_a_forged_header_changes_nothing() {
    let app = spawn_app_with(|s| {
        s.defences.rate_limit_per_minute = 4;
        s.defences.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;
    let Some(nginx) = Nginx::start(app.port).await else {
        return;
    };
    let proxy = nginx.address();
    assert_eq!(
        passed(proxy, loopback(2), 6, None).await,
        4,
        "the first client's budget"
    );
    assert_eq!(
        passed(proxy, loopback(3), 6, None).await,
        4,
        "the second client has its own"
    );
    // A client naming the first (exhausted) one: nginx appends the real peer, which counts.
    assert_eq!(
        passed(proxy, loopback(4), 6, Some("127.0.0.2")).await,
        4,
        "a forged X-Forwarded-For through the proxy"
    );
    // Straight to the server from an untrusted peer: the header is not believed at all.
    let direct = SocketAddr::from(([127, 0, 0, 1], app.port));
    assert_eq!(
        passed(direct, loopback(5), 4, Some("198.51.100.1")).await,
        4
    );
    assert_eq!(
        passed(direct, loopback(5), 2, Some("198.51.100.2")).await,
        0,
        "another forged address gives no fresh budget"
    );
}

#[tokio::test]
async fn without_trusted_proxies_everyone_behind_nginx_shares_the_proxys_budget() {
    let app = spawn_app_with(|s| s.defences.rate_limit_per_minute = 4).await;
    let Some(nginx) = Nginx::start(app.port).await else {
        return;
    };
    let proxy = nginx.address();
    assert_eq!(passed(proxy, loopback(2), 3, None).await, 3);
    assert_eq!(passed(proxy, loopback(3), 3, None).await, 1);
}

#[tokio::test]
async fn an_https_public_url_asks_browsers_for_strict_transport_security() {
    let secure =
        spawn_app_with(|s| s.public_url = "https://termine.example.de".parse().unwrap()).await;
    let response = reqwest::get(secure.url("/api/v1/offices")).await.unwrap();
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=31536000"
    );
    let plain = spawn_app().await;
    let response = reqwest::get(plain.url("/api/v1/offices")).await.unwrap();
    assert!(!response.headers().contains_key("strict-transport-security"));
}
