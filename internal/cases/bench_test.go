package cases_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/png"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/blob"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/cases/casestest"
	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/demo"
	"github.com/luva-fi/luva/internal/workdays"
)

// BenchmarkSubmitWith100kBAttachment measures the whole sending of an
// application as a customer does it: start a draft, save valid answers,
// attach a 100 kB PNG (type check and SHA-256 into a directory blob store)
// and send it with a send key. Every file differs, so the content-addressed
// store really writes each one. "serial" is one customer after another;
// "parallel" is four customers per GOMAXPROCS at once, the SQLite writer and
// the case number counter being what they queue on. Run with -cpu 1,2.
func BenchmarkSubmitWith100kBAttachment(b *testing.B) {
	for _, dialect := range dbtest.Dialects() {
		b.Run(dialect.String(), func(b *testing.B) {
			ctx := context.Background()
			svc, customer := submitWorld(b, dbtest.Open(b, dialect))
			base := noisePNG(b, 100_000)
			var seq atomic.Int64
			send := func() error {
				n := seq.Add(1)
				c, err := svc.Start(ctx, customer, req, cases.StartInput{Service: "ta-noise-notification", Municipality: "091"})
				if err != nil {
					return err
				}
				answers := map[string]any{"event_name": fmt.Sprintf("Kesäkonsertti %d", n), "db_level": 85.0}
				if _, err := svc.SaveAnswers(ctx, customer, c.ID, answers); err != nil {
					return err
				}
				file := uniquePNG(base, n)
				if _, err := svc.Files.Add(ctx, customer, req, c.ID, "site_plan", "asemapiirros.png", "image/png", bytes.NewReader(file)); err != nil {
					return err
				}
				sent, err := svc.Submit(ctx, customer, req, c.ID, fmt.Sprintf("bench-%d", n))
				if err == nil && sent.Number == "" {
					err = fmt.Errorf("case %s sent without a number", c.ID)
				}
				return err
			}
			b.Run("serial", func(b *testing.B) {
				for range b.N {
					if err := send(); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "submissions/s")
			})
			b.Run("parallel", func(b *testing.B) {
				b.SetParallelism(4)
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if err := send(); err != nil {
							b.Error(err)
							return
						}
					}
				})
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "submissions/s")
			})
		})
	}
}

// submitWorld is newWorld for benchmarks: the demo data, the test form, a
// blob store in a directory, and maija as the customer.
func submitWorld(b *testing.B, d *db.DB) (*cases.Service, access.Principal) {
	b.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, d, now); err != nil {
		b.Fatal(err)
	}
	u, err := blob.DirURL(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	blobs, err := blob.Open(ctx, u, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { blobs.Close() })
	svc := cases.NewService(cases.Config{DB: d, Clock: clock.NewSettable(now), Calendar: workdays.New(), Catalogue: catalog.NewStore(d), Blobs: blobs})
	if err := svc.Forms.Install(ctx, []byte(testForm), "", now); err != nil {
		b.Fatal(err)
	}
	var id string
	if err := d.Read.QueryRowContext(ctx, `SELECT person_id FROM local_accounts WHERE username = 'maija'`).Scan(&id); err != nil {
		b.Fatalf("demo person maija: %v", err)
	}
	return svc, access.Principal{PersonID: id, Name: "Maija Meikäläinen"}
}

// noisePNG is a real PNG of random pixels of about size bytes: noise does not
// compress, so the file is as large as its pixels.
func noisePNG(b *testing.B, size int) []byte {
	b.Helper()
	side := 1
	for (side*3+1)*side < size {
		side++
	}
	img := image.NewNRGBA(image.Rect(0, 0, side, side))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = byte(r.UintN(256))
		if i%4 == 3 {
			img.Pix[i] = 0xff // opaque, so the encoder writes RGB: three bytes a pixel
		}
	}
	var out bytes.Buffer
	if err := png.Encode(&out, img); err != nil {
		b.Fatal(err)
	}
	return out.Bytes()
}

// uniquePNG returns base with a text chunk holding n before its end chunk:
// still a valid PNG, but with content (and SHA-256) of its own.
func uniquePNG(base []byte, n int64) []byte {
	data := append([]byte("Comment\x00"), strconv.FormatInt(n, 10)...)
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	chunk = append(chunk, "tEXt"...)
	chunk = append(chunk, data...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	end := len(base) - 12 // the IEND chunk
	out := make([]byte, 0, len(base)+len(chunk))
	out = append(out, base[:end]...)
	out = append(out, chunk...)
	return append(out, base[end:]...)
}

// benchCases is the number of cases BenchmarkAuthorityListAtOneMillionCases
// generates: LUVA_BENCH_CASES, by default 20,000 so that -bench=. stays quick.
func benchCases(b *testing.B) int {
	s := os.Getenv("LUVA_BENCH_CASES")
	if s == "" {
		return 20_000
	}
	n, err := strconv.Atoi(strings.ReplaceAll(s, "_", ""))
	if err != nil || n < 1000 {
		b.Fatalf("LUVA_BENCH_CASES=%q: want a number of cases, at least 1000", s)
	}
	return n
}

// BenchmarkAuthorityListAtOneMillionCases measures a handler's case list over
// LUVA_BENCH_CASES sent cases (1,000,000 for the figures in
// docs/BENCHMARKS.md) of 20 authorities over three years, Helsinki with 30 %
// of them. Each sub-benchmark is one kind of list a handler opens; it reports
// the 50th and 99th percentile of single calls of AuthorityList.
func BenchmarkAuthorityListAtOneMillionCases(b *testing.B) {
	n := benchCases(b)
	for _, dialect := range dbtest.Dialects() {
		b.Run(dialect.String(), func(b *testing.B) {
			ctx := context.Background()
			d := dbtest.Open(b, dialect)
			l := newListWorld(b, d, n)
			handler := access.Principal{PersonID: casestest.HandlerID(l.hki, 0), Name: "Käsittelijä 1",
				Grants: []access.Grant{{OrganisationID: l.hki, Role: access.CaseHandler}}}
			for _, q := range l.queries() {
				l.explain(b, q)
				b.Run(q.name, func(b *testing.B) {
					ts := make(casestest.Timings, 0, b.N)
					for i := range b.N {
						f := q.filter(i)
						start := time.Now()
						list, err := l.svc.AuthorityList(ctx, handler, l.hki, f)
						ts = append(ts, time.Since(start))
						if err != nil {
							b.Fatalf("%s: %v", q.name, err)
						}
						if len(list.Cases) == 0 && !q.none {
							b.Fatalf("%s with %+v: an empty page", q.name, f)
						}
					}
					ts.Report(b)
				})
			}
			l.compareCursorForms(b)
		})
	}
}

// compareCursorForms times the page-after-cursor condition AuthorityList
// writes (an OR of two comparisons) against the row-value comparison
// (submitted_at, id) > (a, i), which both databases can use as a range of
// the index instead of a filter over every entry before the cursor. Both run
// as plain SQL reading the same columns, so only the condition differs.
func (l *listWorld) compareCursorForms(b *testing.B) {
	forms := []struct{ name, cond string }{
		{"sql-after-or", "(submitted_at > $2 OR (submitted_at = $2 AND id > $3))"},
		{"sql-after-row-value", "(submitted_at, id) > ($2, $3)"},
	}
	for _, f := range forms {
		query := `SELECT ` + strings.ReplaceAll(benchCaseColumns, "c.", "") + ` FROM cases WHERE authority_org = $1 AND submitted_at IS NOT NULL AND ` +
			f.cond + ` ORDER BY submitted_at, id LIMIT 51`
		at, id, _ := strings.Cut(l.cursors[0], "~")
		deep, _ := time.Parse(time.RFC3339Nano, at)
		l.explain(b, listQuery{name: f.name, where: " AND " + f.cond, args: []any{deep, id}})
		b.Run(f.name, func(b *testing.B) {
			ts := make(casestest.Timings, 0, b.N)
			for i := range b.N {
				at, id, _ := strings.Cut(l.cursors[i%len(l.cursors)], "~")
				after, _ := time.Parse(time.RFC3339Nano, at)
				start := time.Now()
				n, err := countRows(l.d, query, l.hki, after.UTC(), id)
				ts = append(ts, time.Since(start))
				if err != nil || n != 51 {
					b.Fatalf("%s: %d rows, %v", f.name, n, err)
				}
			}
			ts.Report(b)
		})
	}
}

// benchCaseColumns are the columns AuthorityList reads.
const benchCaseColumns = `c.id, c.number, c.service_id, c.authority_org, c.person_id, c.acting_for, c.applicant_name,
c.undertaking_id, c.form_id, c.form_version, c.state, c.municipality, c.title, c.lang, c.answers, c.version, c.editing,
c.handler_id, c.handler_name, c.statutory_days, c.target_days, c.created_at, c.updated_at, c.submitted_at, c.decided_at`

// countRows runs query and reads every column of every row.
func countRows(d *db.DB, query string, args ...any) (int, error) {
	rows, err := d.Read.QueryContext(context.Background(), query, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	dest := make([]any, len(cols))
	for i := range dest {
		dest[i] = new(any)
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// listWorld is a database with many sent cases, and what the list queries
// need to ask for: cursors deep in Helsinki's list and numbers of its cases.
type listWorld struct {
	d       *db.DB
	svc     *cases.Service
	hki     string
	cursors []string
	numbers []string
	rare    string // the service Helsinki gets fewest cases for
}

// newListWorld loads the demo data and generates n sent cases: 20
// authorities (the demo's and made-up ones), Helsinki first with 30 %, the
// demo services, 3 years up to now, one applicant per ten cases.
func newListWorld(b *testing.B, d *db.DB, n int) *listWorld {
	b.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, d, now); err != nil {
		b.Fatal(err)
	}
	l := &listWorld{d: d, svc: cases.NewService(cases.Config{DB: d, Clock: clock.NewSettable(now), Calendar: workdays.New(), Catalogue: catalog.NewStore(d)})}
	if err := d.Read.QueryRowContext(ctx, `SELECT id FROM organisations WHERE name = 'Helsingin kaupunki'`).Scan(&l.hki); err != nil {
		b.Fatalf("demo organisation Helsinki: %v", err)
	}
	auths := []string{l.hki}
	others, err := column(ctx, d, `SELECT id FROM organisations WHERE kind = 'authority' AND id <> $1 ORDER BY name`, l.hki)
	if err != nil {
		b.Fatal(err)
	}
	auths = append(auths, others...)
	for i := len(auths); i < 20; i++ {
		auths = append(auths, fmt.Sprintf("bench-authority-%02d", i))
	}
	ids, err := column(ctx, d, `SELECT id FROM services WHERE state = 'published' ORDER BY id = 'ta-noise-notification' DESC, id`)
	if err != nil {
		b.Fatal(err)
	}
	var svcs []casestest.Service
	for _, id := range ids {
		s, err := catalog.NewStore(d).Service(ctx, id)
		if err != nil {
			b.Fatalf("demo service %s: %v", id, err)
		}
		svcs = append(svcs, casestest.Service{ID: id, Title: s.Name("fi")})
	}
	res, err := casestest.Bulk(ctx, d, casestest.Mix{Cases: n, Authorities: auths[:20], FirstShare: 0.3, Services: svcs,
		Persons: n / 10, Until: now, Years: 3, Seed: 2026})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: generated %d cases and %d applicants in %s, %.0f cases/s; Helsinki has %d cases",
		d.Dialect, res.Cases, res.Persons, res.Took.Round(time.Millisecond), res.Rate(), res.PerAuthority[l.hki])
	// PostgreSQL's autovacuum would gather the statistics soon after such a
	// load; SQLite has none unless someone runs ANALYZE, and luva does not,
	// so the SQLite figures are what a deployment sees.
	if d.Dialect == db.Postgres {
		if _, err := d.Write.ExecContext(ctx, `ANALYZE cases`); err != nil {
			b.Fatal(err)
		}
	}
	l.sample(b, res.PerAuthority[l.hki])
	return l
}

// sample picks 200 cursors from the middle half of Helsinki's list, the
// numbers of 200 of its cases, and its rarest service.
func (l *listWorld) sample(b *testing.B, total int) {
	b.Helper()
	ctx := context.Background()
	rows, err := l.d.Read.QueryContext(ctx, `SELECT submitted_at, id, number FROM cases WHERE authority_org = $1 AND submitted_at IS NOT NULL ORDER BY submitted_at, id`, l.hki)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	every := max(total/400, 1)
	for i := 0; rows.Next(); i++ {
		var at time.Time
		var id, number string
		if err := rows.Scan(&at, &id, &number); err != nil {
			b.Fatal(err)
		}
		if i%every != 0 {
			continue
		}
		if i >= total/4 && i < total*3/4 {
			l.cursors = append(l.cursors, at.UTC().Format(time.RFC3339Nano)+"~"+id)
		}
		l.numbers = append(l.numbers, number)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	err = l.d.Read.QueryRowContext(ctx, `SELECT service_id FROM cases WHERE authority_org = $1 GROUP BY service_id ORDER BY count(*), service_id LIMIT 1`, l.hki).Scan(&l.rare)
	if err != nil {
		b.Fatal(err)
	}
}

// listQuery is one kind of list a handler opens. where repeats the
// conditions AuthorityList adds for the filter, with example values, so that
// the benchmark can show the plan the database chooses.
type listQuery struct {
	name   string
	filter func(i int) cases.ListFilter
	where  string
	args   []any
	none   bool // the query finds nothing: the worst case of a search
}

func (l *listWorld) queries() []listQuery {
	cursor := func(i int) string { return l.cursors[i%len(l.cursors)] }
	deep, _ := time.Parse(time.RFC3339Nano, strings.Split(cursor(0), "~")[0])
	deepID := strings.Split(cursor(0), "~")[1]
	after := " AND (submitted_at > $2 OR (submitted_at = $2 AND id > $3))"
	return []listQuery{
		{"first-page", func(int) cases.ListFilter { return cases.ListFilter{} }, "", nil, false},
		{"deep-page", func(i int) cases.ListFilter { return cases.ListFilter{After: cursor(i)} }, after, []any{deep, deepID}, false},
		{"state-submitted", func(int) cases.ListFilter { return cases.ListFilter{State: cases.Submitted} },
			" AND state = $2", []any{"submitted"}, false},
		{"state-final-deep", func(i int) cases.ListFilter { return cases.ListFilter{State: cases.Final, After: cursor(i)} },
			" AND state = $4" + after, []any{deep, deepID, "final"}, false},
		{"number", func(i int) cases.ListFilter { return cases.ListFilter{Query: l.numbers[i%len(l.numbers)]} },
			" AND number = $2", []any{l.numbers[0]}, false},
		{"number-unknown", func(int) cases.ListFilter { return cases.ListFilter{Query: "LUVA-2020-999999"} },
			" AND number = $2", []any{"LUVA-2020-999999"}, true},
		{"mine-processing", func(int) cases.ListFilter { return cases.ListFilter{Mine: true, State: cases.Processing} },
			" AND state = $2 AND handler_id = $3", []any{"processing", casestest.HandlerID(l.hki, 0)}, false},
		{"service-rare", func(int) cases.ListFilter { return cases.ListFilter{Service: l.rare} },
			" AND service_id = $2", []any{l.rare}, false},
		{"words", func(int) cases.ListFilter { return cases.ListFilter{Query: "holmström"} },
			" AND (lower(title) LIKE $2 OR lower(applicant_name) LIKE $2)", []any{"%holmström%"}, false},
		{"words-no-match", func(int) cases.ListFilter { return cases.ListFilter{Query: "zyxw"} },
			" AND (lower(title) LIKE $2 OR lower(applicant_name) LIKE $2)", []any{"%zyxw%"}, true},
	}
}

// explain logs the plan of the query and says when it reads Helsinki's cases
// without one of the authority indexes.
func (l *listWorld) explain(b *testing.B, q listQuery) {
	b.Helper()
	query := `SELECT * FROM cases c WHERE authority_org = $1 AND submitted_at IS NOT NULL` + q.where + ` ORDER BY submitted_at, id LIMIT 51`
	prefix := "EXPLAIN QUERY PLAN "
	if l.d.Dialect == db.Postgres {
		prefix = "EXPLAIN (ANALYZE, BUFFERS OFF, TIMING OFF) "
	}
	rows, err := l.d.Read.QueryContext(context.Background(), prefix+query, append([]any{l.hki}, q.args...)...)
	if err != nil {
		b.Fatalf("explain %s: %v", q.name, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var plan []string
	for rows.Next() {
		dest := make([]any, len(cols))
		var line string
		for i := range dest {
			dest[i] = new(any)
		}
		dest[len(dest)-1] = &line // the detail is the last column in both
		if err := rows.Scan(dest...); err != nil {
			b.Fatalf("explain %s: %v", q.name, err)
		}
		plan = append(plan, line)
	}
	if err := rows.Err(); err != nil {
		b.Fatalf("explain %s: %v", q.name, err)
	}
	note := ""
	if !strings.Contains(strings.Join(plan, "\n"), "cases_authority") {
		note = " (not on an authority index)"
	}
	b.Logf("plan of %s%s:\n\t%s", q.name, note, strings.Join(plan, "\n\t"))
}

func column(ctx context.Context, d *db.DB, query string, args ...any) ([]string, error) {
	rows, err := d.Read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("%s: %w", query, err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
