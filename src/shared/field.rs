//! The fields of Leady's forms and what can be wrong with one: one vocabulary for every form,
//! so each problem has one translated message and shows next to its field.

use serde::{Deserialize, Serialize};

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
