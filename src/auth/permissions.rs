//! Who may do what: the one place that decides. Server functions ask it before calling a
//! repo; the screens ask it only to hide what would be refused anyway.
//!
//! - Obchodník (salesperson): their own leads and the unassigned pool; may take a pool lead
//!   for themselves. Anyone else's lead does not exist for them (NotFound, so ids leak nothing).
//! - Manažer: every lead; assigns to anyone active.
//! - Admin: what a manager may, plus users, products and assignment rules.

use super::model::{CurrentUser, Role};
use crate::error::AppError;
use crate::leads::model::BoardFilter;

/// Things done to one lead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeadAction {
    View,
    Edit,
    Move,
    /// Become the lead's owner oneself.
    Take,
    /// Give the lead to someone (else), or back to the pool.
    Assign,
}

/// Whether `user` may do `action` on a lead owned by `owner` (None: unassigned).
pub fn check_lead(
    user: &CurrentUser,
    owner: Option<i32>,
    action: LeadAction,
) -> Result<(), AppError> {
    if sees_all_leads(user.role) {
        return Ok(());
    }
    let visible = owner.is_none() || owner == Some(user.id);
    if !visible {
        return Err(AppError::NotFound);
    }
    match action {
        LeadAction::View | LeadAction::Edit | LeadAction::Move | LeadAction::Take => Ok(()),
        LeadAction::Assign => Err(AppError::Forbidden),
    }
}

/// Which leads a query may return.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeadScope {
    Everything,
    OwnedBy(i32),
    Unassigned,
    /// A salesperson's world: their own leads and the pool.
    OwnOrPool(i32),
}

/// The leads `user` may see, as the board filter narrows them. A salesperson asking for
/// someone else's board is refused.
pub fn board_scope(user: &CurrentUser, filter: BoardFilter) -> Result<LeadScope, AppError> {
    let all = sees_all_leads(user.role);
    match filter {
        BoardFilter::All if all => Ok(LeadScope::Everything),
        BoardFilter::All => Ok(LeadScope::OwnOrPool(user.id)),
        BoardFilter::Mine => Ok(LeadScope::OwnedBy(user.id)),
        BoardFilter::Unassigned => Ok(LeadScope::Unassigned),
        BoardFilter::Owner(id) if all || id == user.id => Ok(LeadScope::OwnedBy(id)),
        BoardFilter::Owner(_) => Err(AppError::Forbidden),
    }
}

/// The scope any single-lead operation by `user` is confined to.
pub fn visible_scope(user: &CurrentUser) -> LeadScope {
    if sees_all_leads(user.role) {
        LeadScope::Everything
    } else {
        LeadScope::OwnOrPool(user.id)
    }
}

/// Managers and admins see (and assign) every lead.
pub fn sees_all_leads(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Manager)
}

/// Which client records (organisations, contacts, deals) a query may return.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientScope {
    Everything,
    /// A salesperson's clients: the records they own, the organisations they own a contact or
    /// deal at, and the contacts and deals of organisations they own.
    WorkedBy(i32),
}

impl ClientScope {
    /// The leads the same caller may open: the origin leads a client page lists are only
    /// those (a salesperson's own leads and the pool's; a manager's, all).
    pub fn leads(self) -> LeadScope {
        match self {
            ClientScope::Everything => LeadScope::Everything,
            ClientScope::WorkedBy(me) => LeadScope::OwnOrPool(me),
        }
    }
}

/// As with leads: managers and admins see every client, a salesperson their own. Whatever one
/// may see, one may edit; anything else does not exist for them (NotFound).
pub fn client_scope(user: &CurrentUser) -> ClientScope {
    if sees_all_leads(user.role) {
        ClientScope::Everything
    } else {
        ClientScope::WorkedBy(user.id)
    }
}

/// Lists of people (for assigning and the board's per-person filter).
pub fn check_people_directory(user: &CurrentUser) -> Result<(), AppError> {
    if sees_all_leads(user.role) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The manager dashboard: the whole team's numbers, so managers and admins only.
pub fn check_dashboard(user: &CurrentUser) -> Result<(), AppError> {
    if sees_all_leads(user.role) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Importing leads from a file (upload, preview, commit, undo): managers and admins, who see
/// every lead the import could duplicate or fill.
pub fn check_import(user: &CurrentUser) -> Result<(), AppError> {
    if sees_all_leads(user.role) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Users, products and assignment rules: the admin's.
pub fn check_admin(user: &CurrentUser) -> Result<(), AppError> {
    if user.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: i32, role: Role) -> CurrentUser {
        CurrentUser {
            id,
            name: "X".into(),
            email: "x@firma.cz".into(),
            role,
        }
    }

    const ACTIONS: [LeadAction; 5] = [
        LeadAction::View,
        LeadAction::Edit,
        LeadAction::Move,
        LeadAction::Take,
        LeadAction::Assign,
    ];

    #[test]
    fn managers_and_admins_may_do_everything_on_any_lead() {
        for role in [Role::Admin, Role::Manager] {
            for owner in [None, Some(1), Some(2)] {
                for action in ACTIONS {
                    assert_eq!(check_lead(&user(1, role), owner, action), Ok(()));
                }
            }
        }
    }

    #[test]
    fn a_salesperson_works_own_and_pool_leads_and_never_sees_others() {
        let me = user(1, Role::Salesperson);
        for action in ACTIONS {
            let expected_own = if action == LeadAction::Assign {
                Err(AppError::Forbidden)
            } else {
                Ok(())
            };
            assert_eq!(check_lead(&me, Some(1), action), expected_own);
            assert_eq!(check_lead(&me, None, action), expected_own);
            assert_eq!(check_lead(&me, Some(2), action), Err(AppError::NotFound));
        }
    }

    #[test]
    fn board_filters_narrow_within_what_the_user_may_see() {
        let me = user(7, Role::Salesperson);
        assert_eq!(
            board_scope(&me, BoardFilter::All),
            Ok(LeadScope::OwnOrPool(7))
        );
        assert_eq!(
            board_scope(&me, BoardFilter::Mine),
            Ok(LeadScope::OwnedBy(7))
        );
        assert_eq!(
            board_scope(&me, BoardFilter::Unassigned),
            Ok(LeadScope::Unassigned)
        );
        assert_eq!(
            board_scope(&me, BoardFilter::Owner(7)),
            Ok(LeadScope::OwnedBy(7))
        );
        assert_eq!(
            board_scope(&me, BoardFilter::Owner(8)),
            Err(AppError::Forbidden)
        );
        let boss = user(1, Role::Manager);
        assert_eq!(
            board_scope(&boss, BoardFilter::All),
            Ok(LeadScope::Everything)
        );
        assert_eq!(
            board_scope(&boss, BoardFilter::Owner(8)),
            Ok(LeadScope::OwnedBy(8))
        );
    }

    #[test]
    fn only_admins_administer() {
        assert_eq!(check_admin(&user(1, Role::Admin)), Ok(()));
        assert_eq!(
            check_admin(&user(1, Role::Manager)),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            check_admin(&user(1, Role::Salesperson)),
            Err(AppError::Forbidden)
        );
        assert_eq!(check_people_directory(&user(1, Role::Manager)), Ok(()));
        assert_eq!(check_import(&user(1, Role::Admin)), Ok(()));
        assert_eq!(check_import(&user(1, Role::Manager)), Ok(()));
        assert_eq!(
            check_import(&user(1, Role::Salesperson)),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            check_people_directory(&user(1, Role::Salesperson)),
            Err(AppError::Forbidden)
        );
    }
}
