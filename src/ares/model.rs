//! What an ARES lookup answers: plain serde types shared by the browser and the server.

use serde::{Deserialize, Serialize};

use crate::shared::region::Region;

/// The public ARES REST endpoint (`ares.base_url`'s default).
pub const DEFAULT_BASE_URL: &str = "https://ares.gov.cz/ekonomicke-subjekty-v-be/rest";

/// How long the app waits for ARES before saying it did not answer.
pub const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

/// How long a found company is remembered (ARES changes slowly; a day spares its rate limit).
pub const FOUND_TTL_HOURS: i64 = 24;

/// How long "no such IČO" is remembered: shorter, as a company just registered appears soon.
pub const NOT_FOUND_TTL_HOURS: i64 = 1;

/// A company as ARES knows it, in the shape of Leady's forms. Fields ARES leaves out are empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyFacts {
    /// Eight digits, as ARES writes it.
    pub ico: String,
    /// The registered name (`obchodniJmeno`).
    pub name: String,
    /// "CZ" and digits; empty for companies that are not VAT registered.
    pub dic: String,
    /// Street (or the part of the municipality) with the house numbers: "Dlouhá 740/12".
    pub street: String,
    pub city: String,
    /// "602 00".
    pub postal_code: String,
    /// The kraj mapped to Leady's regions; None when ARES names none or one we do not know.
    pub region: Option<Region>,
}

impl CompanyFacts {
    /// The region's code for a form's region field ("" when unknown).
    pub fn region_code(&self) -> String {
        self.region
            .map(|r| r.code().to_string())
            .unwrap_or_default()
    }
}

/// Why a lookup found nothing usable. Each maps to a translated message; none blocks saving.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AresFailure {
    /// ARES has no subject with this IČO.
    NotFound,
    /// ARES did not answer within [`TIMEOUT`].
    Timeout,
    /// ARES could not be reached or answered with an error (5xx, refused connection).
    Unavailable,
    /// ARES answered something that is not the company (malformed JSON, no name).
    BadAnswer,
}

impl AresFailure {
    /// The HTTP status the lookup answers with.
    pub fn http_status(self) -> u16 {
        match self {
            AresFailure::NotFound => 404,
            AresFailure::Timeout => 504,
            AresFailure::Unavailable | AresFailure::BadAnswer => 502,
        }
    }
}
