//! The states a booking and an appointment can be in, as they are stored: text columns whose
//! CHECK constraints list exactly these words (migrations 0001, 0010). Reading a word that is
//! not one of them is an error, never a silent default.

use shared::bookings::{AppointmentStatus, BookingStatus};

/// A booking's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "snake_case")]
pub enum BookingState {
    /// Waiting for the citizen to confirm (double opt-in) until `activation_deadline`.
    PendingActivation,
    Confirmed,
    /// Every appointment was cancelled.
    Cancelled,
    /// The activation deadline passed unconfirmed.
    Expired,
}

impl BookingState {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            BookingState::PendingActivation => "pending_activation",
            BookingState::Confirmed => "confirmed",
            BookingState::Cancelled => "cancelled",
            BookingState::Expired => "expired",
        }
    }

    /// What the API shows; `activation_lapsed`: the deadline has passed (before any job
    /// recorded it).
    pub fn shown(self, activation_lapsed: bool) -> BookingStatus {
        match self {
            BookingState::PendingActivation if activation_lapsed => BookingStatus::Expired,
            BookingState::PendingActivation => BookingStatus::PendingActivation,
            BookingState::Confirmed => BookingStatus::Confirmed,
            BookingState::Cancelled => BookingStatus::Cancelled,
            BookingState::Expired => BookingStatus::Expired,
        }
    }
}

/// An appointment's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "snake_case")]
pub enum AppointmentState {
    /// Capacity kept while a citizen types; no booking yet.
    Held,
    PendingActivation,
    Booked,
    CheckedIn,
    Completed,
    NoShow,
    CancelledByCitizen,
    CancelledByOffice,
    /// A hold or an unconfirmed booking whose time ran out.
    Expired,
}

impl AppointmentState {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            AppointmentState::Held => "held",
            AppointmentState::PendingActivation => "pending_activation",
            AppointmentState::Booked => "booked",
            AppointmentState::CheckedIn => "checked_in",
            AppointmentState::Completed => "completed",
            AppointmentState::NoShow => "no_show",
            AppointmentState::CancelledByCitizen => "cancelled_by_citizen",
            AppointmentState::CancelledByOffice => "cancelled_by_office",
            AppointmentState::Expired => "expired",
        }
    }

    /// Still claiming its capacity and ahead of the citizen: can be cancelled or moved.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            AppointmentState::PendingActivation | AppointmentState::Booked
        )
    }

    /// What the API shows; `lapsed`: its `expires_at` has passed. A hold is shown as booked:
    /// it is only ever seen inside a booking it has become.
    pub fn shown(self, lapsed: bool) -> AppointmentStatus {
        match self {
            AppointmentState::PendingActivation if lapsed => AppointmentStatus::Expired,
            AppointmentState::PendingActivation => AppointmentStatus::PendingActivation,
            AppointmentState::Held | AppointmentState::Booked => AppointmentStatus::Booked,
            AppointmentState::CheckedIn => AppointmentStatus::CheckedIn,
            AppointmentState::Completed => AppointmentStatus::Completed,
            AppointmentState::NoShow => AppointmentStatus::NoShow,
            AppointmentState::CancelledByCitizen => AppointmentStatus::CancelledByCitizen,
            AppointmentState::CancelledByOffice => AppointmentStatus::CancelledByOffice,
            AppointmentState::Expired => AppointmentStatus::Expired,
        }
    }
}

/// Who cancels an appointment, and the state it then has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Canceller {
    Citizen,
    Office,
}

impl Canceller {
    pub fn state(self) -> AppointmentState {
        match self {
            Canceller::Citizen => AppointmentState::CancelledByCitizen,
            Canceller::Office => AppointmentState::CancelledByOffice,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unconfirmed_booking_past_its_deadline_shows_as_expired() {
        assert_eq!(
            BookingState::PendingActivation.shown(true),
            BookingStatus::Expired
        );
        assert_eq!(
            AppointmentState::PendingActivation.shown(true),
            AppointmentStatus::Expired
        );
        assert_eq!(
            BookingState::Confirmed.shown(true),
            BookingStatus::Confirmed
        );
    }

    #[test]
    fn the_stored_words_are_those_sqlx_writes() {
        // `as_str` and the derive's `rename_all = "snake_case"` must agree.
        for state in [
            AppointmentState::Held,
            AppointmentState::PendingActivation,
            AppointmentState::CheckedIn,
            AppointmentState::NoShow,
            AppointmentState::CancelledByCitizen,
            AppointmentState::CancelledByOffice,
        ] {
            let debug = format!("{state:?}");
            let snake: String = debug
                .chars()
                .enumerate()
                .flat_map(|(i, c)| {
                    let lower = c.to_ascii_lowercase();
                    if c.is_uppercase() && i > 0 {
                        vec!['_', lower]
                    } else {
                        vec![lower]
                    }
                })
                .collect();
            assert_eq!(state.as_str(), snake);
        }
        assert_eq!(
            BookingState::PendingActivation.as_str(),
            "pending_activation"
        );
    }

    #[tokio::test]
    async fn a_stored_word_that_is_no_state_fails_to_decode() {
        use sqlx::Connection;
        let mut db = sqlx::SqliteConnection::connect("sqlite::memory:")
            .await
            .unwrap();
        let known: AppointmentState = sqlx::query_scalar("SELECT 'checked_in'")
            .fetch_one(&mut db)
            .await
            .unwrap();
        assert_eq!(known, AppointmentState::CheckedIn);
        let unknown = sqlx::query_scalar::<_, AppointmentState>("SELECT 'bookedd'")
            .fetch_one(&mut db)
            .await;
        assert!(unknown.is_err(), "never silently booked: {unknown:?}");
        let channel = sqlx::query_scalar::<_, crate::domain::schedule::Channel>("SELECT 'phone'")
            .fetch_one(&mut db)
            .await;
        assert!(channel.is_err(), "never silently online: {channel:?}");
    }

    #[test]
    fn only_pending_and_booked_appointments_are_active() {
        assert!(AppointmentState::Booked.is_active());
        assert!(AppointmentState::PendingActivation.is_active());
        assert!(!AppointmentState::CheckedIn.is_active());
        assert!(!AppointmentState::CancelledByOffice.is_active());
    }
}
