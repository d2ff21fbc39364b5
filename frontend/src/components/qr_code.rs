//! A QR code drawn as one SVG path (no image, no script): the ticket's page on the printout.

use leptos::prelude::*;
use qrcode::{Color, QrCode};

/// The dark modules of `data`'s QR code as an SVG path, and the code's width in modules.
fn path_of(data: &str) -> Option<(String, usize)> {
    let code = QrCode::new(data.as_bytes()).ok()?;
    let width = code.width();
    let mut path = String::new();
    for (index, color) in code.to_colors().into_iter().enumerate() {
        if color == Color::Dark {
            let (x, y) = (index % width, index / width);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    Some((path, width))
}

/// `data` as a QR code with a quiet zone of four modules; `label` says what it opens.
#[component]
pub fn QrCodeImage(data: String, label: String) -> impl IntoView {
    move || {
        let (path, width) = path_of(&data)?;
        let side = width + 8;
        Some(view! {
            <svg
                class="qr-code"
                role="img"
                aria-label=label.clone()
                viewBox=format!("-4 -4 {side} {side}")
                shape-rendering="crispEdges"
            >
                <rect x="-4" y="-4" width=side height=side fill="#fff" />
                <path d=path fill="#000" />
            </svg>
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_becomes_a_square_code_with_dark_modules() {
        let (path, width) = path_of("https://termine.example/ticket/abc").unwrap();
        assert_eq!((width - 17) % 4, 0, "QR versions are 17 + 4n modules wide");
        assert!(
            path.starts_with("M0 0h1v1h-1z"),
            "the finder pattern starts top left"
        );
        assert!(path.matches('M').count() > width * 2);
    }
}
