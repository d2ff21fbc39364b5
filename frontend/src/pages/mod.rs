//! One module per page.

pub(crate) mod book; // the booking journey at /book
mod home; // start page: offices and services
mod manage; // /booking/:reference – view, cancel, reschedule, activate
mod not_found;

pub use book::BookPage;
pub use home::HomePage;
pub use manage::ManagePage;
pub use not_found::NotFoundPage;
