//! The database's own limit: `pgbench` running one transaction of the same shape as a booking
//! (insert booking, appointment, its service and two units, upsert two ledger rows, insert
//! the confirmation email into the outbox) on the same PostgreSQL database, as many connections
//! as the steady booking test uses. The units lie in 2100, far from the bookable days, and are
//! random among millions, so the transactions do not contend — like the steady test.

use anyhow::{Context, Result, bail};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// Writes the script for outbox rows of about `email_bytes`.
pub fn write_script(work_dir: &Path, email_bytes: u64) -> Result<std::path::PathBuf> {
    let (text, html, ics) = (email_bytes / 4, email_bytes / 2, email_bytes / 4);
    let unit = "timestamptz '2100-01-01 00:00:00+00' + (:unit) * interval '15 minutes'";
    let next_unit = "timestamptz '2100-01-01 00:00:00+00' + (:unit + 1) * interval '15 minutes'";
    let after = "timestamptz '2100-01-01 00:00:00+00' + (:unit + 2) * interval '15 minutes'";
    let upsert = |at: &str| {
        format!(
            "INSERT INTO slot_usage (office_id, unit_start, online_used, staff_used, online_capacity, total_capacity) \
             VALUES (1, {at}, 1, 0, 10, 12) ON CONFLICT (office_id, unit_start) DO UPDATE SET \
             online_used = slot_usage.online_used + excluded.online_used, \
             staff_used = slot_usage.staff_used + excluded.staff_used, \
             online_capacity = excluded.online_capacity, total_capacity = excluded.total_capacity;\n"
        )
    };
    let script = format!(
        "\\set unit random(1, 50000000)\n\
         BEGIN;\n\
         INSERT INTO bookings (reference, manage_token_hash, status, locale, citizen_name, citizen_email, created_at) \
         VALUES ('PGB-' || :client_id || '-' || md5(random()::text), md5(random()::text) || md5(random()::text), \
         'confirmed', 'de', 'Erika Mustermann', 'pgbench@bench.example', now()) RETURNING id AS booking_id \\gset\n\
         INSERT INTO appointments (booking_id, office_id, start_at, end_at, channel, status) \
         VALUES (:booking_id, 1, {unit}, {after}, 'online', 'booked') RETURNING id AS appointment_id \\gset\n\
         INSERT INTO appointment_services (appointment_id, service_id, quantity) VALUES (:appointment_id, 1, 1);\n\
         INSERT INTO appointment_units (appointment_id, unit_start) VALUES (:appointment_id, {unit});\n\
         INSERT INTO appointment_units (appointment_id, unit_start) VALUES (:appointment_id, {next_unit});\n\
         {}{}\
         INSERT INTO outbox (kind, booking_id, recipient, subject, body_text, body_html, ics, ics_method, \
         message_id, next_attempt_at, created_at) VALUES ('confirmation', :booking_id, 'pgbench@bench.example', \
         'Ihr Termin', repeat('t', {text}), repeat('h', {html}), repeat('i', {ics}), 'PUBLISH', \
         md5(random()::text) || '@bench.example', now(), now());\n\
         END;\n",
        upsert(unit),
        upsert(next_unit),
    );
    let path = work_dir.join("booking.pgbench");
    std::fs::write(&path, script)?;
    Ok(path)
}

/// Transactions per second pgbench reaches in one round.
pub fn run(script: &Path, database_url: &str, clients: usize, length: Duration) -> Result<f64> {
    let output = Command::new("pgbench")
        .args(["--no-vacuum", "--protocol=prepared", "--jobs=2"])
        .arg(format!("--client={clients}"))
        .arg(format!("--time={}", length.as_secs().max(1)))
        .arg("--file")
        .arg(script)
        .arg(database_url)
        .output()
        .context("running pgbench (Debian: apt-get install -y postgresql-client)")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!(
            "pgbench failed: {}{}",
            stdout,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    stdout
        .lines()
        .find_map(|line| line.strip_prefix("tps = "))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|tps| tps.parse().ok())
        .with_context(|| format!("no tps in the pgbench output: {stdout}"))
}

pub fn available() -> bool {
    Command::new("pgbench")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success())
}
