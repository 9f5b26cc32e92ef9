package bench

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/luva-fi/luva/internal/db"
)

// caseWriter writes the cases, oldest first, each with its sent version,
// its history and, when decided, its decision. Numbers run per year in the
// order of sending, as the service gives them.
type caseWriter struct {
	cfg     GenerateConfig
	m       model
	r       *rand.Rand
	numbers map[int]int
	// owed is how many history entries the cases so far are short of the
	// average Events/Cases; cases that went through processing make it up
	// with supplement rounds.
	owed float64
	// children are the rows of the current chunk's versions, history and
	// decisions, written once their cases are: the foreign keys are
	// checked at once.
	children []childRow
}

type childRow struct {
	table string
	row   []any
}

// chunkCases is how many cases are written before their children.
const chunkCases = 800

func (w *caseWriter) child(table string, row ...any) {
	w.children = append(w.children, childRow{table, row})
}

var (
	caseCols = []string{"id", "number", "service_id", "authority_org", "person_id", "acting_for", "applicant_name",
		"form_id", "form_version", "state", "municipality", "title", "lang", "answers", "version", "handler_id", "handler_name",
		"statutory_days", "target_days", "created_at", "updated_at", "submitted_at", "decided_at"}
	versionCols  = []string{"case_id", "version", "kind", "answers", "attachments", "created_at", "created_by", "created_by_name"}
	historyCols  = []string{"case_id", "at", "actor_id", "actor_name", "side", "from_state", "to_state", "reason"}
	decisionCols = []string{"case_id", "outcome", "body", "conditions", "appeal", "decided_at", "decided_by", "decided_by_name"}
)

// guaranteed is how many cases each account customer gets before the rest
// are drawn at random, so that every signed-in customer has cases to view.
const guaranteed = 5

// write writes the cases from..from+n in tx.
func (w *caseWriter) write(ctx context.Context, d *db.DB, tx *sql.Tx, from, n int, g *Generated) error {
	tables := map[string][]string{"cases": caseCols, "case_versions": versionCols, "case_history": historyCols, "decisions": decisionCols}
	ins := map[string]*inserter{}
	for _, t := range []string{"cases", "case_versions", "case_history", "decisions"} {
		in, err := newInserter(ctx, d, tx, t, tables[t])
		if err != nil {
			return err
		}
		ins[t] = in
	}
	first := w.cfg.Until.AddDate(-w.cfg.Years, 0, 0)
	step := w.cfg.Until.Sub(first) / time.Duration(max(w.cfg.Cases, 1))
	for i := from; i < from+n; i++ {
		at := first.Add(step*time.Duration(i) + time.Duration(w.r.Int64N(int64(step)+1)))
		if err := w.one(ctx, ins, i, at.Truncate(time.Microsecond)); err != nil {
			return err
		}
		if (i-from+1)%chunkCases != 0 && i != from+n-1 {
			continue
		}
		if err := ins["cases"].flush(ctx); err != nil {
			return err
		}
		for _, c := range w.children {
			if err := ins[c.table].add(ctx, c.row...); err != nil {
				return err
			}
		}
		w.children = w.children[:0]
	}
	for _, t := range []string{"cases", "case_versions", "case_history", "decisions"} {
		if err := ins[t].close(ctx); err != nil {
			return err
		}
	}
	g.Cases += ins["cases"].Written
	g.Versions += ins["case_versions"].Written
	g.Events += ins["case_history"].Written
	g.Decisions += ins["decisions"].Written
	g.Rows += ins["cases"].Written + ins["case_versions"].Written + ins["case_history"].Written + ins["decisions"].Written
	return nil
}

// one writes case i, sent at at.
func (w *caseWriter) one(ctx context.Context, ins map[string]*inserter, i int, at time.Time) error {
	r, m := w.r, w.m
	org := m.authorities[0]
	if len(m.authorities) > 1 && r.Float64() >= 0.3 { // Helsinki gets 30 %
		org = m.authorities[1+Pick(r, len(m.authorities)-1)]
	}
	svc := m.services[Pick(r, len(m.services))]
	person := r.IntN(w.cfg.Customers)
	if i < guaranteed*min(CustomerAccounts, w.cfg.Customers) {
		person = i % min(CustomerAccounts, w.cfg.Customers)
	}
	given, family := personName(person)
	name := given + " " + family
	s := siteOf(r.IntN(w.cfg.Sites))
	year := at.Year()
	w.numbers[year]++
	st := CaseState(r, w.cfg.Until.Sub(at))
	created := at.Add(-time.Duration(r.Int64N(int64(5 * 24 * time.Hour))))
	updated := minTime(at.Add(time.Duration(r.Int64N(int64(3*24*time.Hour)))), w.cfg.Until)
	var decidedAt *time.Time
	if Decided(st) {
		d := minTime(at.Add(time.Duration(10+r.IntN(50))*24*time.Hour), w.cfg.Until)
		decidedAt, updated = &d, d
	}
	handlerID, handlerName := "", ""
	if Handled(st) {
		k := r.IntN(10)
		handlerID, handlerName = fmt.Sprintf("bench-handler-%s-%d", org, k), fmt.Sprintf("Käsittelijä %d", k+1)
		if org == m.authorities[0] && k == 0 {
			handlerID, handlerName = m.handlerID, m.handlerName // the demo handler has cases of their own
		}
	}
	id := IDAt(r, at)
	answers := answersJSON(r, fmt.Sprintf("%s %d", eventWords[r.IntN(len(eventWords))], r.IntN(10000)), s)
	var dec any
	if decidedAt != nil {
		dec = *decidedAt
	}
	if err := ins["cases"].add(ctx, id, fmt.Sprintf("LUVA-%d-%06d", year, w.numbers[year]), svc.id, org, personID(person), "", name,
		"generic", 1, st, s.municipality, svc.title, "fi", answers, 1, handlerID, handlerName, 30, 20, created, updated, at, dec); err != nil {
		return err
	}
	w.child("case_versions", id, 1, "application", answers, "[]", at, personID(person), name)
	if decidedAt != nil {
		outcome := outcomes[Pick(r, len(outcomes))]
		conditions := "[]"
		if outcome == "conditional" {
			conditions = `["Vahvistettu musiikki on lopetettava klo 22.00."]`
		}
		w.child("decisions", id, outcome, "Ilmoitettu toiminta voidaan järjestää.", conditions,
			"Päätökseen saa hakea muutosta 30 päivän kuluessa.", *decidedAt, handlerID, handlerName)
	}
	for _, h := range w.history(st, at, updated, decidedAt) {
		actor, actorName := "", ""
		switch h.side {
		case "customer":
			actor, actorName = personID(person), name
		case "authority":
			actor, actorName = handlerID, handlerName
		}
		w.child("case_history", id, h.at, actor, actorName, h.side, h.from, h.to, "")
	}
	return nil
}

type change struct {
	at             time.Time
	side, from, to string
}

// maxRounds bounds the supplement rounds of one case.
const maxRounds = 12

// history is the path of changes that brings a case sent at at to state
// st, in the order of the case model's transitions, with supplement rounds
// (processing → complement → processing) while the data set owes history.
func (w *caseWriter) history(st string, at, updated time.Time, decided *time.Time) []change {
	w.owed += float64(w.cfg.Events) / float64(max(w.cfg.Cases, 1))
	out := []change{{at, "customer", "draft", "submitted"}}
	end := updated
	if decided != nil {
		end = *decided
	}
	switch {
	case st == "cancelled":
		out = append(out, change{end, "customer", "submitted", "cancelled"})
	case st == "expired":
		out = append(out, change{at.Add(time.Hour), "authority", "submitted", "complement"}, change{end, "system", "complement", "expired"})
	case processed(st):
		base := map[string]float64{"processing": 2, "complement": 3, "decided": 3, "appealed": 4, "final": 4, "closed": 5}[st]
		rounds := min(max(int((w.owed-base)/2), 0), maxRounds)
		gap := end.Sub(at) / time.Duration(2*rounds+3)
		t := at.Add(gap)
		out = append(out, change{t, "authority", "submitted", "processing"})
		for range rounds {
			t = t.Add(gap)
			out = append(out, change{t, "authority", "processing", "complement"})
			t = t.Add(gap)
			out = append(out, change{t, "customer", "complement", "processing"})
		}
		switch {
		case st == "complement":
			out = append(out, change{end, "authority", "processing", "complement"})
		case decided != nil:
			out = append(out, change{end, "authority", "processing", "decided"})
			after := func(days int) time.Time { return minTime(end.Add(time.Duration(days)*24*time.Hour), w.cfg.Until) }
			switch st {
			case "appealed":
				out = append(out, change{after(14), "authority", "decided", "appealed"})
			case "final":
				out = append(out, change{after(30), "system", "decided", "final"})
			case "closed":
				out = append(out, change{after(30), "system", "decided", "final"}, change{after(31), "system", "final", "closed"})
			}
		}
	}
	w.owed -= float64(len(out))
	return out
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
