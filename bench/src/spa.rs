//! What a browser downloads for the SPA: the WASM, JS and CSS in `dist/`, gzip-compressed as
//! the server sends them.

use anyhow::Result;
use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::Write;
use std::path::Path;

/// Gzip bytes of the SPA's assets, or `None` if `dist/` has none (not built).
pub fn transferred_bytes(dist: &Path) -> Result<Option<u64>> {
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
