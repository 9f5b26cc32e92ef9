package bench

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/identity"
)

// GenerateConfig sizes the data set. The defaults of luva bench generate
// are the national scale: 1,000,000 cases, 200,000 customers,
// 100,000 sites, 10,000,000 events.
type GenerateConfig struct {
	Cases     int
	Customers int
	// Sites is how many venue addresses the cases' answers name; luva has
	// no table of sites, so they live where a real event's site does, in
	// the answers.
	Sites int
	// Events is about how many entries of case history (changes of state)
	// to write: each case gets the path its state needs, and cases that
	// went through processing the supplement rounds that bring the total
	// near Events.
	Events int
	// Until is when the newest case was sent; the cases spread over the
	// Years before.
	Until    time.Time
	Years    int
	Seed     uint64
	Progress io.Writer
}

// Generated says what Generate wrote.
type Generated struct {
	Customers int           `json:"customers"`
	Accounts  int           `json:"accounts"`
	Sites     int           `json:"sites"`
	Cases     int           `json:"cases"`
	Versions  int           `json:"versions"`
	Decisions int           `json:"decisions"`
	Events    int           `json:"events"`
	Rows      int           `json:"rows"`
	Took      time.Duration `json:"took_ns"`
}

// RowsPerSecond is the generation speed.
func (g Generated) RowsPerSecond() float64 { return float64(g.Rows) / g.Took.Seconds() }

// txCases is how many cases one transaction writes: few commits, without
// holding SQLite's write lock for long.
const txCases = 50_000

// Generate writes the data set into d, which must hold the demo data (its
// authorities, services and handlers) and no generated data yet. It writes
// straight into the tables with multi-row INSERTs in large transactions:
// through the service it would take hours at national scale.
func Generate(ctx context.Context, d *db.DB, cfg GenerateConfig) (Generated, error) {
	if cfg.Cases < 0 || cfg.Customers < 1 || cfg.Sites < 1 || cfg.Events < 0 {
		return Generated{}, errors.New("generate: give at least one customer and one site, and no negative sizes")
	}
	if cfg.Until.IsZero() {
		cfg.Until = time.Now()
	}
	cfg.Until = cfg.Until.UTC().Truncate(time.Microsecond)
	cfg.Years = max(cfg.Years, 1)
	start := time.Now()
	m, err := readModel(ctx, d)
	if err != nil {
		return Generated{}, err
	}
	g := Generated{Sites: cfg.Sites}
	if err := writeCustomers(ctx, d, cfg, &g); err != nil {
		return Generated{}, err
	}
	w := &caseWriter{cfg: cfg, m: m, r: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)), numbers: map[int]int{}}
	if w.numbers, err = counters(ctx, d); err != nil {
		return Generated{}, err
	}
	for done := 0; done < cfg.Cases; {
		n := min(txCases, cfg.Cases-done)
		if err := d.InTx(ctx, func(tx *sql.Tx) error { return w.write(ctx, d, tx, done, n, &g) }); err != nil {
			return Generated{}, fmt.Errorf("generate cases %d–%d: %w", done, done+n, err)
		}
		done += n
		if cfg.Progress != nil {
			fmt.Fprintf(cfg.Progress, "  %d of %d cases, %d history entries, %.0f rows/s\n", done, cfg.Cases, g.Events, float64(g.Rows)/time.Since(start).Seconds())
		}
	}
	if err := saveCounters(ctx, d, w.numbers); err != nil {
		return Generated{}, err
	}
	g.Took = time.Since(start)
	// PostgreSQL plans by its statistics, which autovacuum gathers a while
	// after a bulk load; a run started at once would be planned for the
	// demo's few rows (the first quick runs listed cases ten times slower
	// than after an ANALYZE). SQLite's planner needs none.
	if d.Dialect == db.Postgres {
		if _, err := d.Write.ExecContext(ctx, "ANALYZE"); err != nil {
			return Generated{}, fmt.Errorf("analyze the generated data: %w", err)
		}
	}
	return g, nil
}

// model is what the generated cases refer to: the authorities (Helsinki,
// whose handler the scenarios sign in as, first), the published services
// (the demo's two commonest first) and Helsinki's demo handler.
type model struct {
	authorities []string
	services    []service
	handlerID   string
	handlerName string
}

type service struct{ id, title string }

func readModel(ctx context.Context, d *db.DB) (model, error) {
	var m model
	var taken int
	if err := d.Read.QueryRowContext(ctx, `SELECT count(*) FROM persons WHERE id = $1`, personID(0)).Scan(&taken); err != nil {
		return m, fmt.Errorf("look for generated data: %w", err)
	}
	if taken > 0 {
		return m, errors.New("the database already holds a generated data set: generate into a fresh database")
	}
	err := d.Read.QueryRowContext(ctx, `SELECT p.id, p.given_names || ' ' || p.family_name FROM local_accounts a JOIN persons p ON p.id = a.person_id
WHERE a.username = $1`, handlerAccount).Scan(&m.handlerID, &m.handlerName)
	if errors.Is(err, sql.ErrNoRows) {
		return m, errors.New("the database has no demo data (its handler kasittelija is missing): load it first")
	}
	if err != nil {
		return m, fmt.Errorf("read the demo handler: %w", err)
	}
	rows, err := d.Read.QueryContext(ctx, `SELECT o.id FROM organisations o WHERE o.kind = 'authority'
ORDER BY CASE WHEN o.authority_type = 'municipality' AND EXISTS (SELECT 1 FROM authority_areas a
  WHERE a.organisation_id = o.id AND a.municipality_code = '091') THEN 0 ELSE 1 END, o.id`)
	if err != nil {
		return m, fmt.Errorf("read the authorities: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return m, fmt.Errorf("read the authorities: %w", err)
		}
		m.authorities = append(m.authorities, id)
	}
	if err := rows.Err(); err != nil {
		return m, fmt.Errorf("read the authorities: %w", err)
	}
	published, err := catalog.NewStore(d).Published(ctx)
	if err != nil {
		return m, err
	}
	for _, s := range published {
		m.services = append(m.services, service{id: s.ID, title: s.Texts.In("fi").Name})
	}
	rank := func(id string) int {
		switch id {
		case noiseService:
			return 0
		case eventService:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(m.services, func(a, b service) int { return rank(a.id) - rank(b.id) })
	if len(m.authorities) == 0 || len(m.services) == 0 {
		return m, errors.New("the database has no authorities or no published services: load the demo data first")
	}
	return m, nil
}

// writeCustomers writes the customers, and local accounts for the first
// CustomerAccounts of them with the demo password, so that the load tool
// can sign in as customers who have cases.
func writeCustomers(ctx context.Context, d *db.DB, cfg GenerateConfig, g *Generated) error {
	return d.InTx(ctx, func(tx *sql.Tx) error {
		in, err := newInserter(ctx, d, tx, "persons", []string{"id", "given_names", "family_name", "email", "created_at", "updated_at"})
		if err != nil {
			return err
		}
		at := cfg.Until.AddDate(-cfg.Years, 0, 0)
		for k := range cfg.Customers {
			given, family := personName(k)
			if err := in.add(ctx, personID(k), given, family, fmt.Sprintf("asiakas%d@example.fi", k), at, at); err != nil {
				return err
			}
		}
		if err := in.close(ctx); err != nil {
			return err
		}
		for k := range min(CustomerAccounts, cfg.Customers) {
			if err := identity.SetLocalAccount(ctx, tx, at, personID(k), CustomerUsername(k), Password); err != nil {
				return fmt.Errorf("account of customer %d: %w", k, err)
			}
			g.Accounts++
		}
		g.Customers = cfg.Customers
		g.Rows += cfg.Customers + g.Accounts
		return nil
	})
}

// counters reads the last case number given each year, so that generated
// numbers follow the ones already in the database.
func counters(ctx context.Context, d *db.DB) (map[int]int, error) {
	rows, err := d.Read.QueryContext(ctx, `SELECT year, last_number FROM case_counters`)
	if err != nil {
		return nil, fmt.Errorf("read the case counters: %w", err)
	}
	defer rows.Close()
	out := map[int]int{}
	for rows.Next() {
		var year, last int
		if err := rows.Scan(&year, &last); err != nil {
			return nil, fmt.Errorf("read the case counters: %w", err)
		}
		out[year] = last
	}
	return out, rows.Err()
}

// saveCounters moves the case number counters past the numbers given, so
// that the next case sent gets the next number.
func saveCounters(ctx context.Context, d *db.DB, numbers map[int]int) error {
	return d.InTx(ctx, func(tx *sql.Tx) error {
		for year, last := range numbers {
			if _, err := tx.ExecContext(ctx, `INSERT INTO case_counters (year, last_number) VALUES ($1, $2)
ON CONFLICT (year) DO UPDATE SET last_number = excluded.last_number`, year, last); err != nil {
				return fmt.Errorf("move the case counter of %d: %w", year, err)
			}
		}
		return nil
	})
}

// answersJSON are a generated case's answers: the event, its site and a
// description, shaped like the demo forms' answers.
func answersJSON(r *rand.Rand, event string, s site) string {
	b, _ := json.Marshal(map[string]any{
		"event_name":    event,
		"venue_address": map[string]string{"street": s.street, "postcode": s.postcode, "city": s.city},
		"attendance":    50 + r.IntN(5000),
		"description":   fmt.Sprintf("%s, arvioitu yleisömäärä %d henkeä, äänentoisto klo 12–22.", event, 50+r.IntN(5000)),
	})
	return string(b)
}
