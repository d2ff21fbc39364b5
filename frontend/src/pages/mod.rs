//! One module per page.

pub(crate) mod book; // the booking journey at /book
mod help; // /help: questions and answers (linked from every email)
mod home; // start page: offices and services
mod manage; // /booking/:reference – view, cancel, reschedule, activate
mod not_found;

pub use book::BookPage;
pub use help::HelpPage;
pub use home::HomePage;
pub use manage::ManagePage;
pub use not_found::NotFoundPage;
