//! The one error type of every server function. It crosses the wire as JSON and carries
//! only codes: the browser turns them into a message in the user's language.

use serde::{Deserialize, Serialize};
use server_fn_error::{FromServerFnError, ServerFnErrorErr};

use crate::auth::model::SignInRefusal;
use crate::leads::model::TransitionRefusal;

mod server_fn_error {
    pub use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
}

/// A field of some form; errors are reported against one. One list for every form keeps one
/// translated vocabulary of problems.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    FirstName,
    LastName,
    Email,
    Phone,
    Company,
    Source,
    Description,
    Region,
    Product,
    Name,
    Role,
    Password,
    Active,
    Owner,
    RuleKind,
    RuleValue,
    Members,
    ActivityKind,
    Subject,
    Body,
    Outcome,
    Direction,
    Place,
    When,
    Need,
    NeedConfirmed,
    Budget,
    BudgetStatus,
    DecisionMaker,
    Approvers,
    Timing,
    QualificationNotes,
    Score,
    Reason,
    ReasonNote,
    Ico,
    Dic,
    Street,
    City,
    PostalCode,
    Web,
    AccountPhone,
    JobTitle,
    OpportunityName,
    Amount,
    ExpectedClose,
    Stage,
    Account,
    Contact,
    Period,
    PeriodFrom,
    PeriodTo,
    Granularity,
    /// A web form's allowed origins, fields, consent text, thank-you page (`crate::capture`).
    Origins,
    AcceptedFields,
    RequiredFields,
    ConsentText,
    ThankYouUrl,
    /// A visitor's consent checkbox on a web form.
    Consent,
}

/// What is wrong with a field. Each maps to a translated message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldProblem {
    Required,
    EmailOrPhoneRequired,
    InvalidEmail,
    InvalidPhone,
    TooLong {
        max: usize,
    },
    UnknownSource,
    /// Not one of the offered choices (a retired product, a region code that does not exist).
    UnknownChoice,
    EmailTaken,
    NameTaken,
    PasswordTooShort,
    PasswordTooLong,
    PasswordTooCommon,
    /// Leads go to active people only.
    InactiveUser,
    /// Not a date (and time) the form's picker would give.
    InvalidDate,
    /// Not an amount of whole crowns.
    InvalidAmount,
    /// An admin may not lock themselves out (deactivate or demote their own account).
    NotOnYourself,
    /// Not a valid IČO (eight digits with a matching check digit).
    InvalidIco,
    InvalidDic,
    InvalidPostalCode,
    InvalidWeb,
    /// Another organisation already has this IČO: link to it instead.
    IcoTaken,
    /// The chosen contact works for another organisation than the chosen one.
    ContactElsewhere,
    /// A period that ends before it starts.
    EndBeforeStart,
    /// A report period longer than the dashboard allows.
    PeriodTooLong,
    /// Not a web origin (`https://www.firma.cz`).
    InvalidOrigin,
    /// A web form requires a field it does not accept.
    RequiredNotAccepted,
    /// A web form with a consent text was sent without the consent.
    ConsentMissing,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: Field,
    pub problem: FieldProblem,
}

impl FieldError {
    pub fn new(field: Field, problem: FieldProblem) -> Self {
        FieldError { field, problem }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The input broke a rule; each problem belongs to a form field.
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    #[error("not found")]
    NotFound,
    /// Somebody else changed the record since the user loaded it.
    #[error("stale version")]
    Stale,
    #[error("status change refused: {0:?}")]
    Transition(TransitionRefusal),
    /// Nobody is signed in, or the session has ended.
    #[error("not signed in")]
    Unauthorized,
    /// Signed in, but the role does not allow this.
    #[error("forbidden")]
    Forbidden,
    #[error("sign-in refused: {0:?}")]
    SignIn(SignInRefusal),
    /// Something broke on the server; details are in the server log, not in the browser.
    #[error("internal error")]
    Internal,
    /// The request never got an answer from our code (network down, server restarting).
    #[error("transport: {0}")]
    Transport(String),
    /// The arguments could not be read (missing, mistyped, not UTF-8): a tampered or outdated
    /// client, never a user's typing. Carries the message in the request's language for
    /// clients without our tables; the browser shows its own (`Texts::err_malformed`).
    #[error("malformed request")]
    Malformed(String),
    /// The body is over the server functions' limit (`server::request_body`).
    #[error("request too large")]
    TooLarge(String),
    /// An import's file, mapping or batch state was refused (`imports::model`).
    #[error("import refused: {0:?}")]
    Import(crate::imports::model::ImportRefusal),
    /// The company lookup in ARES found nothing usable (`ares::model`).
    #[error("ARES lookup failed: {0:?}")]
    Ares(crate::ares::model::AresFailure),
}

impl FromServerFnError for AppError {
    type Encoder = crate::wire::JsonText;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        // On the server this is the framework failing to read a request (or to write an
        // answer); in the browser, a call that got no answer of ours.
        #[cfg(feature = "ssr")]
        {
            crate::server::fns::framework_error(value)
        }
        #[cfg(not(feature = "ssr"))]
        {
            AppError::Transport(value.to_string())
        }
    }
}

impl AppError {
    /// The HTTP status the error is answered with: client mistakes are 4xx, never 500.
    pub fn http_status(&self) -> u16 {
        match self {
            AppError::Invalid(_) => 422,
            AppError::NotFound => 404,
            AppError::Stale | AppError::Transition(_) => 409,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::SignIn(SignInRefusal::Throttled { .. }) => 429,
            AppError::SignIn(SignInRefusal::Deactivated) => 403,
            AppError::SignIn(SignInRefusal::WrongCredentials) => 401,
            AppError::Internal => 500,
            AppError::Transport(_) => 400,
            AppError::Malformed(_) => 400,
            AppError::TooLarge(_) => 413,
            AppError::Import(r) => r.http_status(),
            AppError::Ares(f) => f.http_status(),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}
