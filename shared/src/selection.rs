//! A selection of services with quantities, written `<id>:<qty>,<id>:<qty>` in query strings.

use crate::ids::ServiceId;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// One service and how many of it (e.g. 2 passports).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceQuantity {
    pub service_id: ServiceId,
    pub quantity: u32,
}

/// The services of one appointment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServiceSelection(pub Vec<ServiceQuantity>);

/// Why a `services=` query value could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectionSyntaxError(pub String);

impl fmt::Display for SelectionSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "expected `<service id>:<quantity>` pairs separated by commas, got `{}`",
            self.0
        )
    }
}

impl std::error::Error for SelectionSyntaxError {}

impl FromStr for ServiceSelection {
    type Err = SelectionSyntaxError;

    /// Reads `3:1,5:2`; a bare id means quantity 1.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let error = || SelectionSyntaxError(s.chars().take(80).collect());
        s.split(',')
            .map(|pair| {
                let (id, quantity) = pair.split_once(':').unwrap_or((pair, "1"));
                Ok(ServiceQuantity {
                    service_id: id.trim().parse().map_err(|_| error())?,
                    quantity: quantity.trim().parse().map_err(|_| error())?,
                })
            })
            .collect::<Result<_, _>>()
            .map(ServiceSelection)
    }
}

impl fmt::Display for ServiceSelection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, item) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{}:{}", item.service_id, item.quantity)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_selection_survives_formatting_and_parsing() {
        let selection: ServiceSelection = "3:1,5:2".parse().unwrap();
        assert_eq!(selection.0.len(), 2);
        assert_eq!(selection.0[1].quantity, 2);
        assert_eq!(selection.to_string(), "3:1,5:2");
    }

    #[test]
    fn a_bare_service_id_means_one() {
        let selection: ServiceSelection = "7".parse().unwrap();
        assert_eq!(selection.0[0].quantity, 1);
    }

    #[test]
    fn garbage_is_a_syntax_error() {
        assert!("3:x".parse::<ServiceSelection>().is_err());
        assert!("".parse::<ServiceSelection>().is_err());
        assert!("3:1,,4".parse::<ServiceSelection>().is_err());
    }
}
