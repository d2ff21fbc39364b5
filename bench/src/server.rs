//! The server under test: started as its own process on loopback (so its memory and startup
//! are its own), with the bot defences off and a throwaway mail folder; stopped with SIGTERM.

use anyhow::{Context, Result, bail};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Server {
    child: Child,
    pub base_url: String,
    /// From spawning the process to the first `200` of `/health/ready`.
    pub startup: Duration,
}

impl Server {
    pub async fn start(binary: &Path, database_url: &str, work_dir: &Path) -> Result<Server> {
        Self::start_with(
            binary,
            database_url,
            work_dir,
            &["--rate-limit-per-minute", "0"],
        )
        .await
    }

    /// Like [`Server::start`], with `extra` flags (the rate limit among them).
    pub async fn start_with(
        binary: &Path,
        database_url: &str,
        work_dir: &Path,
        extra: &[&str],
    ) -> Result<Server> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let bind = format!("127.0.0.1:{port}");
        let log = std::fs::File::create(work_dir.join(format!("server-{port}.log")))?;
        let started = Instant::now();
        let child = Command::new(binary)
            .args(["serve", "--database-url", database_url, "--bind", &bind])
            .args(["--public-url", &format!("http://{bind}")])
            .args(["--pow-difficulty", "0"])
            .args(["--metrics-bind", "127.0.0.1:0"])
            .args(extra)
            .arg("--mail-dir")
            .arg(work_dir.join("mail"))
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        let mut server = Server {
            child,
            base_url: format!("http://{bind}"),
            startup: Duration::ZERO,
        };
        let http = reqwest::Client::new();
        let ready_url = format!("{}/health/ready", server.base_url);
        loop {
            if let Ok(response) = http.get(&ready_url).send().await
                && response.status().is_success()
            {
                break;
            }
            if let Some(status) = server.child.try_wait()? {
                bail!(
                    "the server exited with {status} before it was ready; see {}",
                    work_dir.join(format!("server-{port}.log")).display()
                );
            }
            if started.elapsed() > Duration::from_secs(60) {
                bail!("the server was not ready within 60 s");
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        server.startup = started.elapsed();
        Ok(server)
    }

    /// Peak resident memory so far (VmHWM), in KiB.
    pub fn peak_rss_kib(&self) -> Result<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))?;
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .context("no VmHWM in /proc/<pid>/status")
    }

    /// Graceful stop (SIGTERM), then a kill if it takes longer than 15 s.
    pub fn stop(mut self) -> Result<()> {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status()?;
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if self.child.try_wait()?.is_some() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        self.child.kill()?;
        self.child.wait()?;
        bail!("the server did not stop within 15 s of SIGTERM")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Only reached when a measurement failed: never leave the process behind.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
