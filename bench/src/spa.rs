//! What a browser downloads for the SPA: the WASM, JS and CSS of the citizens' app in `dist/`
//! and of the staff app in `dist/staff/`, gzip-compressed as the server sends them.

use anyhow::Result;
use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::Write;
use std::path::Path;

/// Gzip bytes of the citizens' app and of the staff app; `None` where not built.
#[derive(Debug, Clone, Copy)]
pub struct SpaSizes {
    pub citizens: Option<u64>,
    pub staff: Option<u64>,
}

pub fn sizes(dist: &Path) -> Result<SpaSizes> {
    Ok(SpaSizes {
        citizens: transferred_bytes(dist)?,
        staff: transferred_bytes(&dist.join("staff"))?,
    })
}

/// Gzip bytes of the assets directly in `dist`, or `None` if it has none (not built).
fn transferred_bytes(dist: &Path) -> Result<Option<u64>> {
    if !dist.is_dir() {
        return Ok(None);
    }
    let mut total = 0;
    let mut found = false;
    for entry in std::fs::read_dir(dist)? {
        let path = entry?.path();
        let asset = path
            .extension()
            .and_then(|ext| ext.to_str())
            .is_some_and(|ext| matches!(ext, "wasm" | "js" | "css"));
        if asset {
            let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
            encoder.write_all(&std::fs::read(&path)?)?;
            total += encoder.finish()?.len() as u64;
            found = true;
        }
    }
    Ok(found.then_some(total))
}
