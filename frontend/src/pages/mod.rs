//! One module per page.

pub(crate) mod book; // the booking journey at /book
mod help; // /help: questions and answers (linked from every email)
mod home; // start page: offices and services
mod manage; // /booking/:reference – view, cancel, reschedule, activate
mod not_found;
mod queue; // the call queue's pages: kiosk, waiting-room display, ticket
mod waitlist; // joining the waitlist, an entry, an offered appointment

pub use book::BookPage;
pub use help::HelpPage;
pub use home::HomePage;
pub use manage::ManagePage;
pub use not_found::NotFoundPage;
pub use queue::{DisplayPage, KioskPage, TicketPage};
pub use waitlist::{WaitlistEntryPage, WaitlistJoinPage, WaitlistOfferPage};
