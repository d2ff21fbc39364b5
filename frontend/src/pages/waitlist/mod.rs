//! The waitlist's pages: joining it, an entry from its email link, an offered appointment
//! from its email.

mod entry; // /waitlist/:entry – status, confirm, leave
mod join; // /waitlist – the form to join
mod offer; // /waitlist/offers/:offer – book or decline an offered appointment
mod wish; // what the form asks besides the citizen's details, checked into the request

pub use entry::WaitlistEntryPage;
pub use join::WaitlistJoinPage;
pub use offer::WaitlistOfferPage;

use crate::browser::take_fragment_value;
use crate::store::{TokenFor, use_link_tokens};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::offices::Office;

/// The id in the route parameter `name` with its token: the token of the email link's
/// fragment (taken out of the address and kept in memory), or one kept from an earlier visit
/// (reactive; changes only with them, not with other tokens kept meanwhile, such as the
/// manage token of a booking just made). `None` without an id or a token.
fn id_with_token<Id: Copy + PartialEq + Send + Sync + 'static>(
    name: &str,
    id: fn(uuid::Uuid) -> Id,
    token_for: fn(Id) -> TokenFor,
) -> Memo<Option<(Id, String)>> {
    let tokens = use_link_tokens();
    let found = use_params_map()
        .get_untracked()
        .get(name)
        .and_then(|text| uuid::Uuid::parse_str(text.trim()).ok())
        .map(id);
    if let (Some(found), Some((_, token))) = (found, take_fragment_value(&["token"])) {
        tokens.insert(token_for(found), token);
    }
    Memo::new(move |_| {
        let found = found?;
        Some((found, tokens.get(&token_for(found))?))
    })
}

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
