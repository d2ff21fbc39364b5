//! Small components, named for what the citizen sees.

mod appointment_summary; // when, where and what of one appointment
mod booking_confirmation; // a booking just made: reference, what next, manage link, checklist
mod busy_button; // a button that says its action is under way
mod calendar_download; // "add to calendar" (.ics) button
mod call_stream; // an office's calls as the display and the ticket page hear them (EventSource)
mod citizen_details; // name, email, phone, consent with the server's rules inline
mod confirm_box; // "do you really …?" before something that cannot be undone
mod day_calendar; // month calendar of bookable days, keyboard operable
mod documents_checklist; // what to bring, per service
mod faq_answer; // an answer of the help page from its safe structure
mod focus_heading; // headings that take focus when a step or page appears
mod form_errors; // an error beside its field, and all of them after a submit
mod free_times; // the free start times of one day
mod hold_countdown; // how long a held time stays reserved
mod language_switch; // Deutsch / English
mod office_card; // an office with address, opening hours and the urgent-matters notice
mod qr_code; // a QR code as one SVG path
mod release_notice; // how an office's new day is given out where it is drawn by lot
mod service_card; // a service with description, fees, documents and next free appointment
mod service_quantity; // how many of a service, with − and + buttons
mod status; // live region, error and loading notices
mod waitlist_link; // "nothing suitable? join the waitlist" where a waitlist is kept
mod weekday_choices; // a checkbox per weekday

pub use appointment_summary::AppointmentSummary;
pub use booking_confirmation::{BookingConfirmation, documents_by_service, documents_of};
pub use busy_button::BusyButton;
pub use calendar_download::CalendarDownload;
pub use call_stream::{Heard, listen_to_calls};
pub use citizen_details::{CitizenDetailsFields, CitizenField, CitizenForm};
pub use confirm_box::ConfirmBox;
pub use day_calendar::DayCalendar;
pub use documents_checklist::DocumentsChecklist;
pub use faq_answer::FaqAnswer;
pub use focus_heading::{PageHeading, StepHeading, focus_when_mounted};
pub use form_errors::{ErrorSummary, FieldError, error_id};
pub use free_times::FreeTimeList;
pub use hold_countdown::HoldCountdown;
pub use language_switch::LanguageSwitch;
pub use office_card::OfficeCard;
pub use qr_code::QrCodeImage;
pub use release_notice::ReleaseNotice;
pub use service_card::ServiceCard;
pub use service_quantity::ServiceQuantityChoice;
pub use status::{ActionOutcome, Announcer, ErrorNotice, LiveRegion, Loading, use_announcer};
pub use waitlist_link::WaitlistLink;
pub use weekday_choices::{WEEKDAYS, WeekdayChoices};
