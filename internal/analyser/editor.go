package analyser

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/events"
	"github.com/luva-fi/luva/internal/identity"
)

// mayEdit checks that p edits the owner organisation's content: its content
// editors do, and platform admins edit any.
func mayEdit(p access.Principal, owner string) error {
	if p.PlatformAdmin && p.Authenticated() {
		return nil
	}
	return access.Check(p, access.EditContent, access.Org(owner))
}

// mayPublish checks that p publishes the owner organisation's content.
func mayPublish(p access.Principal, owner string) error {
	if p.PlatformAdmin && p.Authenticated() {
		return nil
	}
	return access.Check(p, access.PublishContent, access.Org(owner))
}

// mayOpen checks that p may open the builder of the owner's questionnaires.
func mayOpen(p access.Principal, owner string) error {
	if err := mayEdit(p, owner); err != nil {
		return mayPublish(p, owner)
	}
	return nil
}

// Editable lists the newest version of every questionnaire p may edit or publish.
func (s *Service) Editable(ctx context.Context, p access.Principal) ([]Questionnaire, error) {
	var orgs []string
	for _, org := range p.Organisations() {
		if mayOpen(p, org) == nil {
			orgs = append(orgs, org)
		}
	}
	return s.LatestOwnedBy(ctx, orgs, p.PlatformAdmin && p.Authenticated())
}

// Draft returns the newest version of a questionnaire for its builder.
func (s *Service) Draft(ctx context.Context, p access.Principal, id string) (Questionnaire, error) {
	q, err := s.Latest(ctx, id)
	if err != nil {
		return Questionnaire{}, err
	}
	if err := mayOpen(p, q.OwnerOrg); err != nil {
		return Questionnaire{}, err
	}
	return q, nil
}

// MayPublish reports whether p may publish the questionnaire.
func MayPublish(p access.Principal, q Questionnaire) bool { return mayPublish(p, q.OwnerOrg) == nil }

// Create begins a questionnaire for the bundle, owned by the organisation, as
// an empty draft with its Finnish title.
func (s *Service) Create(ctx context.Context, p access.Principal, req access.Request, bundle, owner string, titles Texts) (Questionnaire, error) {
	if err := mayEdit(p, owner); err != nil {
		return Questionnaire{}, err
	}
	q := Questionnaire{ID: identity.NewID(), Bundle: strings.TrimSpace(bundle), OwnerOrg: owner, State: StateDraft, Version: 1, Titles: titles,
		Areas: []Area{{ID: "basics", Titles: Texts{"fi": "Perustiedot", "sv": "Grunduppgifter", "en": "Basics"}}}}
	fields := map[string]string{}
	if q.Bundle == "" {
		fields["bundle"] = "analyser.problem.bundle"
	}
	if strings.TrimSpace(titles["fi"]) == "" {
		fields["title_fi"] = "analyser.problem.title"
	}
	if len(fields) > 0 {
		e := errs.E(errs.Invalid, "the questionnaire has errors")
		e.Fields = fields
		return Questionnaire{}, e
	}
	now := s.clock.Now()
	q.UpdatedAt = now
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM bundles WHERE code = $1`, q.Bundle).Scan(&n); err != nil {
			return fmt.Errorf("find bundle %s: %w", q.Bundle, err)
		}
		if n == 0 {
			e := errs.E(errs.Invalid, "no such bundle")
			e.Fields = map[string]string{"bundle": "analyser.problem.bundle"}
			return e
		}
		if err := InsertQuestionnaire(ctx, tx, now, q, p.PersonID, p.Name); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.db.Dialect, now, p, req, "questionnaire.create", "questionnaire", q.ID, "ok", map[string]string{"bundle": q.Bundle})
	})
	return q, err
}

// SaveDraft stores the definition as the questionnaire's draft: the open draft
// changes, or a new draft version begins after the published one. A definition
// with problems (a rule that does not compile, among others) is refused with
// them; services that the catalogue no longer publishes are only flagged
// (Validate), since the catalogue may change back before publishing.
func (s *Service) SaveDraft(ctx context.Context, p access.Principal, req access.Request, q Questionnaire) (Questionnaire, error) {
	cur, err := s.Latest(ctx, q.ID)
	if err != nil {
		return Questionnaire{}, err
	}
	if err := mayEdit(p, cur.OwnerOrg); err != nil {
		return Questionnaire{}, err
	}
	q.Bundle, q.OwnerOrg = cur.Bundle, cur.OwnerOrg
	if err := q.Check().Err(); err != nil {
		return Questionnaire{}, err
	}
	now := s.clock.Now()
	q.State, q.UpdatedAt, q.PublishedAt = StateDraft, now, nil
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		version, state, err := s.lockLatest(ctx, tx, q.ID)
		if err != nil {
			return err
		}
		if state == StateDraft {
			q.Version = version
			if err := updateDraft(ctx, tx, now, q, p.PersonID, p.Name); err != nil {
				return err
			}
		} else {
			q.Version = version + 1
			if err := insertVersion(ctx, tx, now, q, p.PersonID, p.Name); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, s.db.Dialect, now, p, req, "questionnaire.draft", "questionnaire", q.ID, "ok", map[string]int{"version": q.Version})
	})
	return q, err
}

// lockLatest locks the questionnaire against other editors until tx ends and
// returns its newest version and that version's state.
func (s *Service) lockLatest(ctx context.Context, tx *sql.Tx, id string) (int, string, error) {
	var locked string
	if err := tx.QueryRowContext(ctx, `SELECT id FROM questionnaires WHERE id = $1`+s.db.Dialect.ForUpdate(), id).Scan(&locked); err != nil {
		return 0, "", fmt.Errorf("lock questionnaire %s: %w", id, err)
	}
	var version int
	var state string
	const latest = `SELECT version, state FROM questionnaire_versions WHERE questionnaire_id = $1 ORDER BY version DESC LIMIT 1`
	if err := tx.QueryRowContext(ctx, latest, id).Scan(&version, &state); err != nil {
		return 0, "", fmt.Errorf("newest version of questionnaire %s: %w", id, err)
	}
	return version, state, nil
}

// Validate returns everything wrong with the questionnaire, the catalogue
// included: rules that point at a service the catalogue does not know, has
// withdrawn or has not published, or that is not in the questionnaire's bundle.
func (s *Service) Validate(ctx context.Context, q Questionnaire) (Problems, error) {
	ps := q.Check()
	published, err := s.cat.Published(ctx)
	if err != nil {
		return nil, err
	}
	inBundle := map[string]bool{}
	live := map[string]bool{}
	for _, svc := range published {
		live[svc.ID] = true
		inBundle[svc.ID] = svc.InBundle(q.Bundle)
	}
	for i, r := range q.Rules {
		id := strings.TrimSpace(r.Service)
		if id == "" {
			continue // Check reports it
		}
		p := Problem{Section: "rule", Index: i, Attr: "service"}
		switch {
		case live[id] && !inBundle[id]:
			p.Key = "analyser.problem.service_bundle"
		case live[id]:
			continue
		default:
			svc, err := s.cat.Definition(ctx, id)
			switch {
			case errs.KindOf(err) == errs.NotFound:
				p.Key = "analyser.problem.service_unknown"
			case err != nil:
				return nil, err
			case svc.State == "withdrawn":
				p.Key = "analyser.problem.service_withdrawn"
			default:
				p.Key = "analyser.problem.service_unpublished"
			}
		}
		p.Detail = id
		ps = append(ps, p)
	}
	return ps, nil
}

// Publish makes the questionnaire's draft what customers answer. A draft with
// any problem, a rule pointing at a withdrawn or unknown service included, is
// refused with them.
func (s *Service) Publish(ctx context.Context, p access.Principal, req access.Request, id string) (Questionnaire, error) {
	q, err := s.Latest(ctx, id)
	if err != nil {
		return Questionnaire{}, err
	}
	if err := mayPublish(p, q.OwnerOrg); err != nil {
		return Questionnaire{}, err
	}
	if q.State != StateDraft {
		return Questionnaire{}, errs.E(errs.Conflict, "no draft to publish")
	}
	ps, err := s.Validate(ctx, q)
	if err != nil {
		return Questionnaire{}, err
	}
	if err := ps.Err(); err != nil {
		return Questionnaire{}, err
	}
	now := s.clock.Now()
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		version, state, err := s.lockLatest(ctx, tx, q.ID)
		if err != nil {
			return err
		}
		if version != q.Version || state != StateDraft {
			return errs.E(errs.Conflict, "the draft changed while it was checked")
		}
		if err := publishVersion(ctx, tx, now, q.ID, q.Version, p.Name); err != nil {
			return err
		}
		if _, err := events.Append(ctx, tx, now, events.New{Topic: "questionnaire.published", AggregateType: "questionnaire", AggregateID: q.ID,
			Payload: map[string]any{"version": q.Version, "bundle": q.Bundle}}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.db.Dialect, now, p, req, "questionnaire.publish", "questionnaire", q.ID, "ok", map[string]int{"version": q.Version})
	})
	if err != nil {
		return Questionnaire{}, err
	}
	q.State, q.PublishedAt = StatePublished, &now
	return q, nil
}
