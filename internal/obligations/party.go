package obligations

import (
	"fmt"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/errs"
)

// party is whose duties a customer sees: their own, or those of the company
// they act for under a mandate. It is the same rule as the case folder's.
type party struct {
	personID, actingFor string
}

// partyOf checks that p may see a party's duties and, when change is set, mark
// them done: a view-only mandate sees them but cannot.
func partyOf(p access.Principal, change bool) (party, error) {
	if !p.Authenticated() {
		return party{}, errs.E(errs.Unauthenticated, "sign in first")
	}
	if p.ActingFor == "" {
		return party{personID: p.PersonID}, nil
	}
	if change && !p.HasRight(p.ActingFor, access.RightApply) {
		return party{}, errs.E(errs.Forbidden, "a view-only mandate cannot mark the organisation's duties done")
	}
	if !p.HasRight(p.ActingFor, access.RightApply) && !p.HasRight(p.ActingFor, access.RightView) {
		return party{}, errs.E(errs.Forbidden, "no right to see the organisation's duties")
	}
	return party{personID: p.PersonID, actingFor: p.ActingFor}, nil
}

// where is the SQL condition selecting the party's obligations (table alias
// o), its argument numbered from n.
func (pt party) where(n int) (string, []any) {
	if pt.actingFor != "" {
		return fmt.Sprintf("o.acting_for = $%d", n), []any{pt.actingFor}
	}
	return fmt.Sprintf("o.acting_for = '' AND o.person_id = $%d", n), []any{pt.personID}
}

// owns reports whether the obligation is the party's.
func (pt party) owns(o Obligation) bool {
	if pt.actingFor != "" {
		return o.ActingFor == pt.actingFor
	}
	return o.ActingFor == "" && o.PersonID == pt.personID
}
