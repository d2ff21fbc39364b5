//! The call queue's public pages: the kiosk at the entrance, the waiting room's display and
//! the ticket's page on the citizen's phone.

mod display; // /display/:office – the calls, large, live
mod kiosk; // /kiosk/:office – take a number with a device token
mod ticket; // /ticket/:token – where my number is, "please go to counter 3"

pub use display::DisplayPage;
pub use kiosk::KioskPage;
pub use ticket::TicketPage;
