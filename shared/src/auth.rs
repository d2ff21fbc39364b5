//! Staff login and sessions. A browser keeps the tokens in HttpOnly cookies and echoes the
//! CSRF cookie in a header; other clients send the access token as `Authorization: Bearer`.

use crate::ids::{OfficeId, StaffId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Cookie holding the access token (HttpOnly).
pub const ACCESS_COOKIE: &str = "tv_access";
/// Cookie holding the refresh token (HttpOnly, sent only to `/api/v1/auth`).
pub const REFRESH_COOKIE: &str = "tv_refresh";
/// Cookie holding the CSRF token; readable by the SPA, which echoes it in [`CSRF_HEADER`].
pub const CSRF_COOKIE: &str = "tv_csrf";
/// Header that must repeat the CSRF cookie on state-changing requests authenticated by cookie.
pub const CSRF_HEADER: &str = "X-CSRF-Token";

/// What a staff account may do: admins everything; managers configure and analyse their
/// offices and do what clerks do; clerks run the day plan of their offices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    Admin,
    Manager,
    Clerk,
}

impl StaffRole {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::Admin => "admin",
            StaffRole::Manager => "manager",
            StaffRole::Clerk => "clerk",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "admin" => Some(StaffRole::Admin),
            "manager" => Some(StaffRole::Manager),
            "clerk" => Some(StaffRole::Clerk),
            _ => None,
        }
    }
}

/// How a session's tokens travel: in the answer's body (API clients, which send the access
/// token as `Authorization: Bearer`), or only in HttpOnly cookies (the SPA, whose script never
/// sees a token).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SessionTransport {
    #[default]
    Body,
    Cookies,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
    /// `body` (default) or `cookies`.
    #[serde(default)]
    pub transport: SessionTransport,
}

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest")
            .field("username", &self.username)
            .field("password", &"***")
            .field("transport", &self.transport)
            .finish()
    }
}

/// Refresh a session. Browsers send nothing here (the refresh cookie is used); other clients
/// send the refresh token they got at login.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefreshRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// A staff account as shown to itself and to administrators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffAccount {
    pub id: StaffId,
    pub username: String,
    pub role: StaffRole,
    /// The offices a manager or clerk works for (empty for admins, who see all).
    pub offices: Vec<OfficeId>,
    pub disabled: bool,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: DateTime<Utc>,
}

/// The answer to a login or refresh. With the `cookies` transport the tokens are only in the
/// HttpOnly cookies and absent here.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffSession {
    /// Short-lived JWT: send as `Authorization: Bearer <token>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// Always `Bearer`.
    pub token_type: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: DateTime<Utc>,
    /// Opaque; exchange it at `/api/v1/auth/refresh` for new tokens (it is rotated each time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub refresh_expires_at: DateTime<Utc>,
    /// The value of the `tv_csrf` cookie, to echo in `X-CSRF-Token`.
    pub csrf_token: String,
    pub account: StaffAccount,
}

impl std::fmt::Debug for StaffSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secret = |token: &Option<String>| token.as_ref().map(|_| "***");
        f.debug_struct("StaffSession")
            .field("access_token", &secret(&self.access_token))
            .field("expires_at", &self.expires_at)
            .field("refresh_token", &secret(&self.refresh_token))
            .field("refresh_expires_at", &self.refresh_expires_at)
            .field("account", &self.account)
            .finish_non_exhaustive()
    }
}

/// Change one's own password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePassword {
    pub current_password: String,
    /// At least 12 characters, not common or guessable.
    pub new_password: String,
}

impl std::fmt::Debug for ChangePassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChangePassword { .. }")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_a_login_and_a_password_change_shows_no_password() {
        let login = LoginRequest {
            username: "admin".into(),
            password: "Porta-Westfalica-2026".into(),
            transport: SessionTransport::Cookies,
        };
        assert!(!format!("{login:?}").contains("Westfalica"));
        let change = ChangePassword {
            current_password: "old-secret".into(),
            new_password: "new-secret".into(),
        };
        assert!(!format!("{change:?}").contains("secret"));
    }
}
