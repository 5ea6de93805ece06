//! The names of the domain's values in the reader's language (statuses, sources, roles, field
//! problems, refusals, errors): methods on [`Texts`], kept apart from the table's fields.

use super::Texts;
use crate::activities::model::{ActivityKind, CallOutcome, EmailDirection};
use crate::assignment::model::RuleKind;
use crate::auth::model::{Role, SignInRefusal};
use crate::error::AppError;
use crate::leads::closing::DisqualifyReason;
use crate::leads::model::{FieldProblem, LeadSource, LeadStatus, TransitionRefusal};
use crate::qualification::model::{BudgetStatus, Timing};
use crate::shared::region::Region;

impl Texts {
    pub fn status(&self, status: LeadStatus) -> &'static str {
        match status {
            LeadStatus::New => self.status_new,
            LeadStatus::Assigned => self.status_assigned,
            LeadStatus::InProcess => self.status_in_process,
            LeadStatus::Qualified => self.status_qualified,
            LeadStatus::Unqualified => self.status_unqualified,
            LeadStatus::Converted => self.status_converted,
        }
    }

    pub fn source(&self, source: LeadSource) -> &'static str {
        match source {
            LeadSource::WebForm => self.source_web_form,
            LeadSource::Phone => self.source_phone,
            LeadSource::Email => self.source_email,
            LeadSource::Referral => self.source_referral,
            LeadSource::TradeFair => self.source_trade_fair,
            LeadSource::Marketing => self.source_marketing,
            LeadSource::Other => self.source_other,
        }
    }

    pub fn field_problem(&self, problem: FieldProblem) -> String {
        match problem {
            FieldProblem::Required => self.err_required.into(),
            FieldProblem::EmailOrPhoneRequired => self.err_email_or_phone.into(),
            FieldProblem::InvalidEmail => self.err_invalid_email.into(),
            FieldProblem::InvalidPhone => self.err_invalid_phone.into(),
            FieldProblem::TooLong { max } => (self.err_too_long)(max),
            FieldProblem::UnknownSource => self.err_unknown_source.into(),
            FieldProblem::UnknownChoice => self.err_unknown_choice.into(),
            FieldProblem::EmailTaken => self.err_email_taken.into(),
            FieldProblem::NameTaken => self.err_name_taken.into(),
            FieldProblem::PasswordTooShort => self.err_password_too_short.into(),
            FieldProblem::PasswordTooLong => self.err_password_too_long.into(),
            FieldProblem::PasswordTooCommon => self.err_password_too_common.into(),
            FieldProblem::InactiveUser => self.err_inactive_user.into(),
            FieldProblem::NotOnYourself => self.err_not_on_yourself.into(),
            FieldProblem::InvalidDate => self.err_invalid_date.into(),
            FieldProblem::InvalidAmount => self.err_invalid_amount.into(),
            FieldProblem::InvalidIco => self.clients.err_invalid_ico.into(),
            FieldProblem::InvalidDic => self.clients.err_invalid_dic.into(),
            FieldProblem::InvalidPostalCode => self.clients.err_invalid_postal_code.into(),
            FieldProblem::InvalidWeb => self.clients.err_invalid_web.into(),
            FieldProblem::IcoTaken => self.clients.err_ico_taken.into(),
            FieldProblem::ContactElsewhere => self.clients.err_contact_elsewhere.into(),
            FieldProblem::EndBeforeStart => self.dashboard.err_end_before_start.into(),
            FieldProblem::PeriodTooLong => self.dashboard.err_period_too_long.into(),
            FieldProblem::InvalidOrigin => self.capture.err_invalid_origin.into(),
            FieldProblem::RequiredNotAccepted => self.capture.err_required_not_accepted.into(),
            FieldProblem::ConsentMissing => self.capture.err_consent_missing.into(),
        }
    }

    pub fn activity_kind(&self, kind: ActivityKind) -> &'static str {
        match kind {
            ActivityKind::Note => self.activity_kind_note,
            ActivityKind::Call => self.activity_kind_call,
            ActivityKind::Meeting => self.activity_kind_meeting,
            ActivityKind::Task => self.activity_kind_task,
            ActivityKind::Email => self.activity_kind_email,
        }
    }

    pub fn call_outcome(&self, outcome: CallOutcome) -> &'static str {
        match outcome {
            CallOutcome::Reached => self.call_outcome_reached,
            CallOutcome::NoAnswer => self.call_outcome_no_answer,
            CallOutcome::Busy => self.call_outcome_busy,
            CallOutcome::LeftMessage => self.call_outcome_left_message,
            CallOutcome::WrongNumber => self.call_outcome_wrong_number,
        }
    }

    pub fn email_direction(&self, direction: EmailDirection) -> &'static str {
        match direction {
            EmailDirection::Outgoing => self.email_outgoing,
            EmailDirection::Incoming => self.email_incoming,
        }
    }

    pub fn disqualify_reason(&self, reason: DisqualifyReason) -> &'static str {
        match reason {
            DisqualifyReason::Lost => self.reason_lost,
            DisqualifyReason::Unreachable => self.reason_unreachable,
            DisqualifyReason::NoLongerInterested => self.reason_no_longer_interested,
            DisqualifyReason::Cancelled => self.reason_cancelled,
            DisqualifyReason::BadFit => self.reason_bad_fit,
            DisqualifyReason::Other => self.reason_other,
        }
    }

    pub fn budget_status(&self, status: BudgetStatus) -> &'static str {
        match status {
            BudgetStatus::Unknown => self.budget_unknown,
            BudgetStatus::Approved => self.budget_approved,
            BudgetStatus::NotApproved => self.budget_not_approved,
        }
    }

    pub fn timing(&self, timing: Timing) -> &'static str {
        match timing {
            Timing::Unknown => self.timing_unknown,
            Timing::WithinMonth => self.timing_month,
            Timing::WithinQuarter => self.timing_quarter,
            Timing::WithinHalfYear => self.timing_half_year,
            Timing::WithinYear => self.timing_year,
            Timing::Later => self.timing_later,
        }
    }

    pub fn region(&self, region: Region) -> &'static str {
        self.regions[region.index()]
    }

    pub fn rule_kind(&self, kind: RuleKind) -> &'static str {
        match kind {
            RuleKind::RoundRobin => self.rule_kind_round_robin,
            RuleKind::Source => self.rule_kind_source,
            RuleKind::Region => self.rule_kind_region,
            RuleKind::Product => self.rule_kind_product,
        }
    }

    pub fn transition(&self, refusal: TransitionRefusal) -> &'static str {
        match refusal {
            TransitionRefusal::ConvertIsSeparateAction => self.err_convert_separate,
            TransitionRefusal::ConvertedIsFinal => self.err_converted_final,
            TransitionRefusal::CannotReturnToNew => self.err_cannot_return_to_new,
            TransitionRefusal::OnlyQualifiedConverts => self.clients.err_only_qualified_converts,
        }
    }

    pub fn sign_in_refusal(&self, refusal: SignInRefusal) -> String {
        match refusal {
            SignInRefusal::WrongCredentials => self.err_wrong_credentials.into(),
            SignInRefusal::Deactivated => self.err_deactivated.into(),
            SignInRefusal::Throttled { minutes } => (self.err_throttled)(minutes),
        }
    }

    pub fn role(&self, role: Role) -> &'static str {
        match role {
            Role::Admin => self.role_admin,
            Role::Manager => self.role_manager,
            Role::Salesperson => self.role_salesperson,
        }
    }

    /// One sentence for a whole error (field details are shown next to the fields).
    pub fn error(&self, error: &AppError) -> String {
        match error {
            AppError::Invalid(_) => self.err_form_has_errors.into(),
            AppError::NotFound => self.err_not_found.into(),
            AppError::Stale => self.err_stale.into(),
            AppError::Transition(r) => self.transition(*r).into(),
            AppError::Unauthorized => self.err_unauthorized.into(),
            AppError::Forbidden => self.err_forbidden.into(),
            AppError::SignIn(r) => self.sign_in_refusal(*r),
            AppError::Internal => self.err_internal.into(),
            AppError::Transport(_) => self.err_transport.into(),
            AppError::Malformed(_) => self.err_malformed.into(),
            AppError::TooLarge(_) => self.err_too_large.into(),
            AppError::Import(r) => self.imports.refusal(*r),
            AppError::Ares(f) => self.ares.failure(*f).into(),
        }
    }
}
