//! The waitlist's pages: joining it, an entry from its email link, an offered appointment
//! from its email.

mod entry; // /waitlist/:entry – status, confirm, leave
mod join; // /waitlist – the form to join
mod offer; // /waitlist/offers/:offer – book or decline an offered appointment
mod wish; // what the form asks besides the citizen's details, checked into the request

pub use entry::WaitlistEntryPage;
pub use join::WaitlistJoinPage;
pub use offer::WaitlistOfferPage;

use shared::offices::Office;

/// The shortest and longest time (minutes) these offices keep an offer; `None` for none.
fn offer_time_range<'a>(offices: impl IntoIterator<Item = &'a Office>) -> Option<(u32, u32)> {
    offices
        .into_iter()
        .map(|office| office.booking_rules.waitlist_offer_minutes)
        .fold(None, |range, minutes| match range {
            None => Some((minutes, minutes)),
            Some((shortest, longest)) => Some((shortest.min(minutes), longest.max(minutes))),
        })
}
