//! The public addresses that emails, calendar entries and webhooks link to.

use url::Url;

/// The public addresses that emails link to.
#[derive(Debug, Clone)]
pub struct Links {
    public_url: Url,
}

impl Links {
    pub fn new(public_url: Url) -> Links {
        Links { public_url }
    }

    fn page(&self, path: &str) -> String {
        self.public_url.join(path).map_or_else(
            |_| format!("{}{path}", self.public_url),
            |url| url.to_string(),
        )
    }

    /// The SPA's manage page; the token rides in the fragment, which browsers never send.
    pub fn manage(&self, reference: &str, token: &str) -> String {
        format!(
            "{}#token={token}",
            self.page(&format!("booking/{reference}"))
        )
    }

    pub fn activation(&self, reference: &str, token: &str) -> String {
        format!(
            "{}#activate={token}",
            self.page(&format!("booking/{reference}"))
        )
    }

    /// The SPA's page of a waitlist entry, its token in the fragment.
    pub fn waitlist_entry(&self, entry_id: &str, token: &str) -> String {
        format!(
            "{}#token={token}",
            self.page(&format!("waitlist/{entry_id}"))
        )
    }

    /// The SPA's page of an offer from the waitlist, its token in the fragment.
    pub fn waitlist_offer(&self, offer_id: &str, token: &str) -> String {
        format!(
            "{}#token={token}",
            self.page(&format!("waitlist/offers/{offer_id}"))
        )
    }

    /// The SPA's page of an entry in a draw (fair release), its token in the fragment.
    pub fn release_entry(&self, entry_id: &str, token: &str) -> String {
        format!(
            "{}#token={token}",
            self.page(&format!("release/{entry_id}"))
        )
    }

    /// The start page.
    pub fn start(&self) -> String {
        self.page("")
    }

    pub fn help(&self) -> String {
        self.page("help")
    }

    pub fn domain(&self) -> &str {
        self.public_url
            .host_str()
            .unwrap_or("terminvergabe.invalid")
    }
}
