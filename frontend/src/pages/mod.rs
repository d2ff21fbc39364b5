//! One module per page.

pub(crate) mod book; // the booking journey at /book
mod help; // /help: questions and answers (linked from every email)
mod home; // start page: offices and services
pub(crate) mod linked; // what pages opened by a link share: its services and office, an email link's record
mod manage; // /booking/:reference – view, cancel, reschedule, activate
mod not_found;
mod queue; // the call queue's pages: kiosk, waiting-room display, ticket
mod release; // fair release: entering a day's draw, an entry from its email link
mod waitlist; // joining the waitlist, an entry, an offered appointment

pub use book::BookPage;
pub use help::HelpPage;
pub use home::HomePage;
pub use manage::ManagePage;
pub use not_found::NotFoundPage;
pub use queue::{DisplayPage, KioskPage, TicketPage};
pub use release::{ReleaseEnterPage, ReleaseEntryPage};
pub use waitlist::{WaitlistEntryPage, WaitlistJoinPage, WaitlistOfferPage};
