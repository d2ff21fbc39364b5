//! Staff authentication without HTTP: access tokens (JWT, HS256), sessions with rotating
//! refresh tokens, the login throttle, and where the signing key comes from.

pub mod access_token; // short-lived signed JWTs naming account, role, offices and session
pub mod sessions; // login, refresh with rotation and reuse detection, logout
pub mod signing_key; // the HS256 key: configured, or generated once and kept in the database
pub mod throttle; // at most a few failed logins per account and address in a sliding window
