package cases

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/events"
	"github.com/luva-fi/luva/internal/forms"
)

// AllServices is how a definition says it serves every service without a
// form of its own: only the general form does, and only platform admins
// change it.
const AllServices = "*"

// EditsFormsOf reports whether p builds application forms for the
// organisation org: its content editors and managers, and platform admins.
// It is the rule the pages filter their lists by, so that they need not ask
// about each item.
func EditsFormsOf(p access.Principal, org string) bool {
	return p.PlatformAdmin || (org != "" && access.CaseRole(p, org, access.EditForms))
}

// formRules decides who changes which form for one principal. It remembers
// the owners of the services it has looked up, because a list of forms asks
// about the same services many times.
type formRules struct {
	f      *Forms
	p      access.Principal
	owners map[string]string // service id -> owning organisation; "" for none published
}

func (f *Forms) rules(p access.Principal) *formRules {
	return &formRules{f: f, p: p, owners: map[string]string{}}
}

// mayService reports whether p may make a form serve the service: a form
// would otherwise capture another organisation's service when published.
// Services that are not published belong to no one here.
func (r *formRules) mayService(ctx context.Context, id string) (bool, error) {
	if id == AllServices {
		return r.p.PlatformAdmin, nil
	}
	owner, ok := r.owners[id]
	if !ok {
		s, err := r.f.catalog.Service(ctx, id)
		switch {
		case err == nil:
			owner = s.OwnerOrg
		case errs.KindOf(err) != errs.NotFound:
			return false, fmt.Errorf("owner of service %s: %w", id, err)
		}
		r.owners[id] = owner
	}
	return owner != "" && EditsFormsOf(r.p, owner), nil
}

// mayEdit reports whether p may change the form whose newest version is v:
// the editors of its owner. A built-in form has no owner of its own and
// belongs to the organisations that own the services it serves; the general
// form, serving every service, only to platform admins.
func (r *formRules) mayEdit(ctx context.Context, v FormVersion) (bool, error) {
	if r.p.PlatformAdmin {
		return true, nil
	}
	if v.OwnerOrg != "" {
		return EditsFormsOf(r.p, v.OwnerOrg), nil
	}
	def, err := forms.Parse(v.Definition)
	if err != nil {
		// A stored definition that no longer parses is the platform's to mend.
		return false, nil
	}
	for _, s := range def.Services {
		if s == AllServices {
			continue
		}
		ok, err := r.mayService(ctx, s)
		if ok || err != nil {
			return ok, err
		}
	}
	return false, nil
}

// checkEdit refuses p a form whose newest version is v.
func (r *formRules) checkEdit(ctx context.Context, v FormVersion) error {
	ok, err := r.mayEdit(ctx, v)
	if err != nil {
		return err
	}
	if !ok {
		return errs.E(errs.Forbidden, "the form belongs to another organisation")
	}
	return nil
}

// checkServices refuses a definition that serves a service p may not build
// forms for.
func (r *formRules) checkServices(ctx context.Context, def forms.Form) error {
	for _, s := range def.Services {
		ok, err := r.mayService(ctx, s)
		if err != nil {
			return err
		}
		if !ok {
			return errs.E(errs.Forbidden, fmt.Sprintf("the form may not serve service %s", s))
		}
	}
	return nil
}

// ownerOfNew is the organisation a new form belongs to: the owner of the
// first service it serves, or none for a form of every service.
func (r *formRules) ownerOfNew(def forms.Form) string {
	for _, s := range def.Services {
		if s != AllServices && r.owners[s] != "" {
			return r.owners[s]
		}
	}
	return ""
}

// MayService reports whether p may make a form serve the service with the
// id: the editor's page asks before saving so that it can point at the
// service in the definition.
func (f *Forms) MayService(ctx context.Context, p access.Principal, id string) (bool, error) {
	return f.rules(p).mayService(ctx, id)
}

// Editable returns every version of form id, newest first, when p may
// change it; Forbidden when the form belongs to another organisation.
func (f *Forms) Editable(ctx context.Context, p access.Principal, id string) ([]FormVersion, error) {
	if !p.Authenticated() {
		return nil, errs.E(errs.Unauthenticated, "sign in first")
	}
	vs, err := f.Versions(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, errs.E(errs.NotFound, "no such form")
	}
	if err := f.rules(p).checkEdit(ctx, vs[0]); err != nil {
		return nil, err
	}
	return vs, nil
}

// EditableForms lists the newest version of every form p may change.
func (f *Forms) EditableForms(ctx context.Context, p access.Principal) ([]FormVersion, error) {
	if !p.Authenticated() {
		return nil, errs.E(errs.Unauthenticated, "sign in first")
	}
	newest, err := f.Newest(ctx)
	if err != nil {
		return nil, err
	}
	r := f.rules(p)
	var out []FormVersion
	for _, v := range newest {
		ok, err := r.mayEdit(ctx, v)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, v)
		}
	}
	return out, nil
}

// Save checks a definition and saves it as the form's new draft version,
// replacing an earlier draft; published versions are never changed. p must
// be allowed to change the form (a new one is theirs to begin) and to make
// it serve each service it names. A new form belongs to the organisation
// that owns its first service.
func (f *Forms) Save(ctx context.Context, p access.Principal, req access.Request, def []byte) (FormVersion, error) {
	if !p.Authenticated() {
		return FormVersion{}, errs.E(errs.Unauthenticated, "sign in first")
	}
	parsed, err := forms.Parse(def)
	if err != nil {
		return FormVersion{}, invalidForm(err)
	}
	if _, err := forms.Compile(parsed); err != nil {
		return FormVersion{}, invalidForm(err)
	}
	rules := f.rules(p)
	if err := rules.checkServices(ctx, parsed); err != nil {
		return FormVersion{}, err
	}
	now := f.clock.Now()
	var v FormVersion
	err = f.db.InTx(ctx, func(tx *sql.Tx) error {
		latest, found, err := lockNewest(ctx, tx, f.db.Dialect, parsed.ID)
		if err != nil {
			return err
		}
		owner := rules.ownerOfNew(parsed)
		if found {
			if err := rules.checkEdit(ctx, latest); err != nil {
				return err
			}
			owner = latest.OwnerOrg
		}
		if v, err = saveForm(ctx, tx, latest, found, parsed.ID, def, owner, p.Name, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, f.db.Dialect, now, onBehalf(p, owner), req, "form.save", "form", v.FormID, "ok",
			map[string]any{"version": v.Version, "services": parsed.Services})
	})
	return v, err
}

// onBehalf records p's change as work for the form's owner, as content
// changes are recorded for the service's owner.
func onBehalf(p access.Principal, owner string) access.Principal {
	if owner != "" {
		p.ActingFor = owner
	}
	return p
}

// Publish publishes the form's draft: it supersedes the published version,
// and becomes the version new applications of its services start on. Running
// applications keep their version. p must be allowed to change the form and
// every service the draft serves, whoever saved it.
func (f *Forms) Publish(ctx context.Context, p access.Principal, req access.Request, id string) (FormVersion, error) {
	if !p.Authenticated() {
		return FormVersion{}, errs.E(errs.Unauthenticated, "sign in first")
	}
	rules := f.rules(p)
	now := f.clock.Now()
	var v FormVersion
	err := f.db.InTx(ctx, func(tx *sql.Tx) error {
		latest, found, err := lockNewest(ctx, tx, f.db.Dialect, id)
		if err != nil {
			return err
		}
		if !found {
			return errs.E(errs.NotFound, "no such form")
		}
		if err := rules.checkEdit(ctx, latest); err != nil {
			return err
		}
		if latest.State != FormDraft {
			return errs.E(errs.Conflict, "the form has no draft to publish")
		}
		def, err := forms.Parse(latest.Definition)
		if err != nil {
			return invalidForm(err)
		}
		if err := rules.checkServices(ctx, def); err != nil {
			return err
		}
		if v, err = publishForm(ctx, tx, latest, def, now); err != nil {
			return err
		}
		detail := map[string]any{"version": v.Version, "services": def.Services}
		if _, err := events.Append(ctx, tx, now, events.New{Topic: "form.published", AggregateType: "form", AggregateID: id, Payload: detail}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, f.db.Dialect, now, onBehalf(p, latest.OwnerOrg), req, "form.publish", "form", id, "ok", detail)
	})
	return v, err
}

// Withdraw takes a published or superseded version out of use: drafts on it
// can no longer be sent and must move to the newest version. p must be
// allowed to change the form.
func (f *Forms) Withdraw(ctx context.Context, p access.Principal, req access.Request, id string, version int) error {
	if !p.Authenticated() {
		return errs.E(errs.Unauthenticated, "sign in first")
	}
	rules := f.rules(p)
	now := f.clock.Now()
	return f.db.InTx(ctx, func(tx *sql.Tx) error {
		latest, found, err := lockNewest(ctx, tx, f.db.Dialect, id)
		if err != nil {
			return err
		}
		if !found {
			return errs.E(errs.NotFound, "no such form")
		}
		if err := rules.checkEdit(ctx, latest); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE form_versions SET state = 'withdrawn'
WHERE form_id = $1 AND version = $2 AND state IN ('published', 'superseded')`, id, version)
		if err != nil {
			return fmt.Errorf("withdraw form %s v%d: %w", id, version, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("withdraw form %s v%d: %w", id, version, err)
		} else if n == 0 {
			return errs.E(errs.NotFound, "no such published form version")
		}
		detail := map[string]any{"version": version}
		if _, err := events.Append(ctx, tx, now, events.New{Topic: "form.withdrawn", AggregateType: "form", AggregateID: id, Payload: detail}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, f.db.Dialect, now, onBehalf(p, latest.OwnerOrg), req, "form.withdraw", "form", id, "ok", detail)
	})
}
