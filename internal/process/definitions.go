package process

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/events"
	"github.com/luva-fi/luva/internal/identity"
)

// mayDeploy reports whether p may deploy processes for org: those who build
// the organisation's forms, and platform admins, who also deploy the
// definitions of every authority (org "").
func mayDeploy(p access.Principal, org string) error {
	if p.PlatformAdmin || (org != "" && access.CaseRole(p, org, access.EditForms)) {
		return nil
	}
	return access.Check(p, access.EditForms, access.Org("\x00"))
}

// mayRead reports whether p may read the definitions and instances of org.
func mayRead(p access.Principal, org string) error {
	if p.PlatformAdmin {
		return nil
	}
	if org == "" && p.IsAuthorityUser() {
		return nil
	}
	if org != "" && (access.CaseRole(p, org, access.ViewCases) || access.CaseRole(p, org, access.EditForms)) {
		return nil
	}
	return access.Check(p, access.ViewCases, access.Org("\x00"))
}

// Validate parses and checks a definition without deploying it.
func (e *Engine) Validate(xmlText []byte) (*Definition, error) { return Parse(xmlText) }

// Deploy checks a definition and deploys it as the next version of its key
// for org ("" for every authority). Cases that start afterwards run the new
// version; running instances stay on theirs. A definition with any problem
// is refused whole, with a *DefinitionError naming each element.
func (e *Engine) Deploy(ctx context.Context, p access.Principal, req access.Request, org string, xmlText []byte) (DefinitionInfo, error) {
	if err := mayDeploy(p, org); err != nil {
		return DefinitionInfo{}, err
	}
	def, err := Parse(xmlText)
	if err != nil {
		return DefinitionInfo{}, err
	}
	if len(def.Services) == 0 {
		return DefinitionInfo{}, &DefinitionError{Problems: []Problem{{Element: def.Key, Code: ProblemAttribute,
			Detail: "the process names no services (luva:services on the process)"}}}
	}
	now := e.clock.Now()
	info := DefinitionInfo{ID: identity.NewID(), Organisation: org, Key: def.Key, Name: def.Name, Services: def.Services,
		StartTopic: def.StartTopic, DeployedBy: p.PersonID, DeployedName: p.Name, DeployedAt: now, XML: string(xmlText)}
	err = e.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM process_definitions
WHERE organisation_id = $1 AND process_key = $2`, org, def.Key).Scan(&info.Version); err != nil {
			return fmt.Errorf("next version of process %s: %w", def.Key, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO process_definitions (id, organisation_id, process_key, version, name, start_topic, xml,
deployed_by, deployed_by_name, deployed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			info.ID, org, info.Key, info.Version, info.Name, info.StartTopic, info.XML, p.PersonID, p.Name, now.UTC()); err != nil {
			if strings.Contains(err.Error(), "UNIQUE") || strings.Contains(err.Error(), "unique") {
				return errs.Wrap(errs.Conflict, "another version was deployed at the same moment; deploy again", err)
			}
			return fmt.Errorf("insert process %s version %d: %w", def.Key, info.Version, err)
		}
		for _, svc := range dedupe(def.Services) {
			if _, err := tx.ExecContext(ctx, `INSERT INTO process_definition_services (definition_id, service_id) VALUES ($1, $2)`, info.ID, svc); err != nil {
				return fmt.Errorf("link process %s to service %s: %w", def.Key, svc, err)
			}
		}
		if _, err := events.Append(ctx, tx, now, events.New{Topic: "process.deployed", AggregateType: "process_definition", AggregateID: info.ID,
			Payload: map[string]any{"key": info.Key, "version": info.Version, "organisation": org, "services": def.Services}}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, e.db.Dialect, now, p, req, "process.deploy", "process_definition", info.ID, "ok",
			map[string]any{"key": info.Key, "version": info.Version, "organisation": org})
	})
	if err != nil {
		return DefinitionInfo{}, err
	}
	e.remember(info.ID, def)
	return info, nil
}

func dedupe(xs []string) []string {
	out := slices.Clone(xs)
	slices.Sort(out)
	return slices.Compact(out)
}

const definitionColumns = `d.id, d.organisation_id, d.process_key, d.version, d.name, d.start_topic, d.deployed_by, d.deployed_by_name, d.deployed_at`

func scanDefinition(sc interface{ Scan(...any) error }) (DefinitionInfo, error) {
	var d DefinitionInfo
	err := sc.Scan(&d.ID, &d.Organisation, &d.Key, &d.Version, &d.Name, &d.StartTopic, &d.DeployedBy, &d.DeployedName, &d.DeployedAt)
	return d, err
}

// Definitions lists the newest version of each of org's processes, and with
// org "" those for every authority. The built-in definition behind the
// triggers' ad-hoc tasks is luva's, not the authority's, and is left out.
func (e *Engine) Definitions(ctx context.Context, p access.Principal, org string) ([]DefinitionInfo, error) {
	if err := mayRead(p, org); err != nil {
		return nil, err
	}
	return e.listDefinitions(ctx, `d.organisation_id = $1 AND d.process_key <> $2 AND d.version = (SELECT MAX(x.version) FROM process_definitions x
WHERE x.organisation_id = d.organisation_id AND x.process_key = d.process_key) ORDER BY d.process_key`, org, adHocKey)
}

// Versions lists every version of one of org's processes, newest first.
func (e *Engine) Versions(ctx context.Context, p access.Principal, org, key string) ([]DefinitionInfo, error) {
	if err := mayRead(p, org); err != nil {
		return nil, err
	}
	return e.listDefinitions(ctx, `d.organisation_id = $1 AND d.process_key = $2 ORDER BY d.version DESC`, org, key)
}

func (e *Engine) listDefinitions(ctx context.Context, where string, args ...any) ([]DefinitionInfo, error) {
	rows, err := e.db.Read.QueryContext(ctx, `SELECT `+definitionColumns+` FROM process_definitions d WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("list process definitions: %w", err)
	}
	defer rows.Close()
	var out []DefinitionInfo
	for rows.Next() {
		d, err := scanDefinition(rows)
		if err != nil {
			return nil, fmt.Errorf("scan process definition: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list process definitions: %w", err)
	}
	for i := range out {
		if out[i].Services, err = definitionServices(ctx, e.db.Read, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Definition returns one deployed version with its XML.
func (e *Engine) Definition(ctx context.Context, p access.Principal, id string) (DefinitionInfo, error) {
	d, err := e.definitionInfo(ctx, e.db.Read, id)
	if err != nil {
		return DefinitionInfo{}, err
	}
	if err := mayRead(p, d.Organisation); err != nil {
		return DefinitionInfo{}, errs.E(errs.NotFound, "no such process definition")
	}
	return d, nil
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (e *Engine) definitionInfo(ctx context.Context, q queryer, id string) (DefinitionInfo, error) {
	var xmlText string
	row := q.QueryRowContext(ctx, `SELECT `+definitionColumns+`, d.xml FROM process_definitions d WHERE d.id = $1`, id)
	var d DefinitionInfo
	err := row.Scan(&d.ID, &d.Organisation, &d.Key, &d.Version, &d.Name, &d.StartTopic, &d.DeployedBy, &d.DeployedName, &d.DeployedAt, &xmlText)
	if errors.Is(err, sql.ErrNoRows) {
		return DefinitionInfo{}, errs.E(errs.NotFound, "no such process definition")
	}
	if err != nil {
		return DefinitionInfo{}, fmt.Errorf("read process definition %s: %w", id, err)
	}
	d.XML = xmlText
	if d.Services, err = definitionServices(ctx, q, id); err != nil {
		return DefinitionInfo{}, err
	}
	return d, nil
}

func definitionServices(ctx context.Context, q queryer, id string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT service_id FROM process_definition_services WHERE definition_id = $1 ORDER BY service_id`, id)
	if err != nil {
		return nil, fmt.Errorf("services of process definition %s: %w", id, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("services of process definition %s: %w", id, err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// model returns the parsed definition of a deployed version, from the cache
// or parsed again from its stored XML (after a restart, or deployed by
// another node).
func (e *Engine) model(ctx context.Context, q queryer, id string) (*Definition, error) {
	e.mu.Lock()
	def, ok := e.parsed[id]
	e.mu.Unlock()
	if ok {
		return def, nil
	}
	var xmlText string
	if err := q.QueryRowContext(ctx, `SELECT xml FROM process_definitions WHERE id = $1`, id).Scan(&xmlText); err != nil {
		return nil, fmt.Errorf("read process definition %s: %w", id, err)
	}
	def, err := Parse([]byte(xmlText))
	if err != nil {
		return nil, fmt.Errorf("parse deployed process definition %s: %w", id, err)
	}
	e.remember(id, def)
	return def, nil
}

func (e *Engine) remember(id string, def *Definition) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.parsed[id] = def
}

// startable finds the definition version that a case of service handled by
// org starts on topic: the newest version of each key naming the service,
// the organisation's own before those for every authority. ok is false when
// no process runs such cases.
func (e *Engine) startable(ctx context.Context, q queryer, topic, service, org string, at time.Time) (string, bool, error) {
	var id string
	// Only a version deployed by the time the event happened starts for it:
	// an event the consumer reads late (it may, on PostgreSQL, while older
	// transactions run) never starts a process deployed after it.
	err := q.QueryRowContext(ctx, `SELECT d.id FROM process_definitions d
JOIN process_definition_services s ON s.definition_id = d.id
WHERE s.service_id = $1 AND d.start_topic = $2 AND (d.organisation_id = $3 OR d.organisation_id = '') AND d.deployed_at <= $4
AND d.version = (SELECT MAX(x.version) FROM process_definitions x WHERE x.organisation_id = d.organisation_id AND x.process_key = d.process_key AND x.deployed_at <= $4)
ORDER BY CASE WHEN d.organisation_id = '' THEN 1 ELSE 0 END, d.deployed_at DESC, d.id LIMIT 1`, service, topic, org, at.UTC()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("find the process of service %s: %w", service, err)
	}
	return id, true, nil
}
