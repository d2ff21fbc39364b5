//! Typed identifiers, so an office id can never be passed where a service id is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! numeric_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = i64))]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map(Self)
            }
        }
    };
}

numeric_id!(
    /// A citizens' office (Bürgeramt or a branch).
    OfficeId
);
numeric_id!(
    /// A service a citizen can book (ID card, passport, …).
    ServiceId
);
numeric_id!(
    /// One appointment inside a booking.
    AppointmentId
);

/// A hold on capacity while the citizen types their details. Random, so holds cannot be guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = uuid::Uuid))]
#[serde(transparent)]
pub struct HoldId(pub uuid::Uuid);

impl fmt::Display for HoldId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

numeric_id!(
    /// A staff account (administrator, manager or clerk).
    StaffId
);

numeric_id!(
    /// A question and its answer on the help page.
    FaqEntryId
);

numeric_id!(
    /// A third-party portal that uses the API with its own key.
    ApiClientId
);

numeric_id!(
    /// A place in an office's call queue: a walk-in ticket or a checked-in appointment.
    QueueEntryId
);

numeric_id!(
    /// A kiosk: a tablet at an office's entrance that draws walk-in tickets.
    KioskId
);
