package casestest

import (
	"github.com/luva-fi/luva/internal/bench"

	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/db"
)

// Result is what Bulk wrote.
type Result struct {
	Cases   int
	Persons int
	Took    time.Duration
	// PerAuthority counts the cases written for each authority.
	PerAuthority map[string]int
}

// Rate is the number of cases written per second.
func (r Result) Rate() float64 { return float64(r.Cases) / r.Took.Seconds() }

// caseInsert lists the columns Bulk fills; one row is len(caseColumns) arguments.
var caseColumns = []string{"id", "number", "service_id", "authority_org", "person_id", "acting_for", "applicant_name",
	"form_id", "form_version", "state", "municipality", "title", "lang", "answers", "version", "handler_id", "handler_name",
	"statutory_days", "target_days", "created_at", "updated_at", "submitted_at", "decided_at"}

// Rows per INSERT statement and per transaction. PostgreSQL takes 400 rows
// (9,200 arguments, under its 65,535) in one statement. The SQLite driver
// looks up every argument's name in a list as long as the statement's
// arguments, so its statements stay short. A transaction of 50,000 rows keeps
// the commits few without holding SQLite's write lock for long.
const (
	pgBatchRows     = 400
	sqliteBatchRows = 16
	txRows          = 50_000
)

func batchRows(d *db.DB) int {
	if d.Dialect == db.Postgres {
		return pgBatchRows
	}
	return sqliteBatchRows
}

// Bulk writes the synthetic applicants and sent cases m describes, with
// multi-row INSERTs in large transactions, and moves the case number counters
// past the numbers it gave. Cases are written oldest first, numbered per year
// in the order they were sent, as the service numbers them.
func Bulk(ctx context.Context, d *db.DB, m Mix) (Result, error) {
	if m.Cases <= 0 || len(m.Authorities) == 0 || len(m.Services) == 0 || m.Years <= 0 {
		return Result{}, errors.New("bulk cases: the mix needs cases, authorities, services and years")
	}
	start := time.Now()
	r := rand.New(rand.NewPCG(m.Seed, m.Seed^0x9e3779b97f4a7c15))
	persons := max(m.Persons, 1)
	if err := insertPersons(ctx, d, persons, m.Until); err != nil {
		return Result{}, err
	}
	res := Result{Persons: persons, PerAuthority: map[string]int{}}
	first := m.Until.AddDate(-m.Years, 0, 0)
	step := m.Until.Sub(first) / time.Duration(m.Cases)
	numbers, err := counters(ctx, d)
	if err != nil {
		return Result{}, err
	}
	batch := batchRows(d)
	stmt := insertSQL("cases", caseColumns, batch)
	args := make([]any, 0, batch*len(caseColumns))
	for done := 0; done < m.Cases; {
		n := min(txRows, m.Cases-done)
		err := d.InTx(ctx, func(tx *sql.Tx) error {
			full, err := tx.PrepareContext(ctx, stmt)
			if err != nil {
				return fmt.Errorf("prepare the case insert: %w", err)
			}
			defer full.Close()
			for i := range n {
				at := first.Add(step*time.Duration(done+i) + time.Duration(r.Int64N(int64(step)+1)))
				args = append(args, m.row(r, at, persons, numbers, res.PerAuthority)...)
				if len(args) == cap(args) {
					if _, err := full.ExecContext(ctx, args...); err != nil {
						return fmt.Errorf("insert cases: %w", err)
					}
					args = args[:0]
				}
			}
			if len(args) > 0 {
				if _, err := tx.ExecContext(ctx, insertSQL("cases", caseColumns, len(args)/len(caseColumns)), args...); err != nil {
					return fmt.Errorf("insert cases: %w", err)
				}
				args = args[:0]
			}
			return nil
		})
		if err != nil {
			return Result{}, fmt.Errorf("bulk cases %d–%d: %w", done, done+n, err)
		}
		done += n
	}
	err = d.InTx(ctx, func(tx *sql.Tx) error {
		for year, last := range numbers {
			if _, err := tx.ExecContext(ctx, `INSERT INTO case_counters (year, last_number) VALUES ($1, $2)
ON CONFLICT (year) DO UPDATE SET last_number = excluded.last_number`, year, last); err != nil {
				return fmt.Errorf("move the case counter of %d: %w", year, err)
			}
		}
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	res.Cases, res.Took = m.Cases, time.Since(start)
	return res, nil
}

// row makes the arguments of one sent case at time at.
func (m Mix) row(r *rand.Rand, at time.Time, persons int, numbers map[int]int, per map[string]int) []any {
	at = at.UTC().Truncate(time.Microsecond)
	org := m.authority(r)
	per[org]++
	svc := m.Services[bench.Pick(r, len(m.Services))]
	year := at.Year()
	numbers[year]++
	st := bench.CaseState(r, m.Until.Sub(at))
	created := at.Add(-time.Duration(r.Int64N(int64(5 * 24 * time.Hour))))
	updated := at.Add(time.Duration(r.Int64N(int64(3 * 24 * time.Hour))))
	var decidedAt any
	if bench.Decided(st) {
		d := at.Add(time.Duration(10+r.IntN(50)) * 24 * time.Hour)
		if d.After(m.Until) {
			d = m.Until
		}
		decidedAt, updated = d, d
	}
	if updated.After(m.Until) {
		updated = m.Until
	}
	handlerID, handlerName := "", ""
	if bench.Handled(st) {
		k := r.IntN(Handlers)
		handlerID, handlerName = HandlerID(org, k), fmt.Sprintf("Käsittelijä %d", k+1)
	}
	name := applicant(r)
	answers := fmt.Sprintf(`{"event_name":%q,"db_level":%d,"description":"Tapahtuma %d, arvioitu yleisömäärä %d henkeä, äänentoisto klo 12–22."}`,
		name+" tapahtuma", 60+r.IntN(60), r.IntN(10000), 50+r.IntN(5000))
	return []any{bench.IDAt(r, at), fmt.Sprintf("LUVA-%d-%06d", year, numbers[year]), svc.ID, org, personID(r.IntN(persons)), "", name,
		"generic", 1, st, municipalities[r.IntN(len(municipalities))], svc.Title, "fi", answers, 1, handlerID, handlerName,
		30, 20, created, updated, at, decidedAt}
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

// personID is the id of the synthetic applicant k.
func personID(k int) string { return fmt.Sprintf("bench-person-%07d", k) }

// insertPersons writes the synthetic applicants the cases refer to.
func insertPersons(ctx context.Context, d *db.DB, n int, at time.Time) error {
	cols := []string{"id", "given_names", "family_name", "created_at", "updated_at"}
	return d.InTx(ctx, func(tx *sql.Tx) error {
		for from := 0; from < n; from += batchRows(d) {
			rows := min(batchRows(d), n-from)
			args := make([]any, 0, rows*len(cols))
			for k := from; k < from+rows; k++ {
				args = append(args, personID(k), givenNames[k%len(givenNames)], familyNames[k%len(familyNames)], at.UTC(), at.UTC())
			}
			if _, err := tx.ExecContext(ctx, insertSQL("persons", cols, rows), args...); err != nil {
				return fmt.Errorf("insert applicants: %w", err)
			}
		}
		return nil
	})
}

// insertSQL is a multi-row INSERT of rows rows into table.
func insertSQL(table string, cols []string, rows int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", table, strings.Join(cols, ", "))
	n := 0
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j := range cols {
			if j > 0 {
				b.WriteString(", ")
			}
			n++
			fmt.Fprintf(&b, "$%d", n)
		}
		b.WriteByte(')')
	}
	return b.String()
}
