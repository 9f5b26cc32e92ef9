package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
)

// user is one virtual user: its customer account and its own random
// source, draft and cursor.
type user struct {
	w        *world
	i        int
	customer *client
	own      []string
	rand     *rand.Rand
	draft    string // the draft documents are added to
	files    int    // files added to draft
	cursor   string // the next page of the handler's list
	depth    int
	n        int
}

func (w *world) user(i int) *user {
	k := i % len(w.customers)
	return &user{w: w, i: i, customer: w.customers[k], own: w.own[k], rand: rand.New(rand.NewPCG(uint64(i), 42))}
}

// step returns the user's step for a scenario.
func (u *user) step(scenario string) (step, error) {
	if scenario == ScenarioProcess {
		return newProcessUser(u).op, nil
	}
	op, err := u.op(scenario)
	if err != nil {
		return nil, err
	}
	return measured(op), nil
}

// op returns the user's operation for a scenario but process.
func (u *user) op(scenario string) (Op, error) {
	switch scenario {
	case ScenarioStatus:
		return u.status, nil
	case ScenarioOverview:
		return u.overview, nil
	case ScenarioCreate:
		return u.create, nil
	case ScenarioDocument:
		return u.document, nil
	case ScenarioFolder:
		return u.folder, nil
	case ScenarioSearch:
		return u.search, nil
	case ScenarioQueue:
		return u.queue, nil
	case ScenarioMixed:
		return u.mixed()
	}
	return nil, fmt.Errorf("unknown scenario %q (choose one of %v or all)", scenario, Scenarios())
}

// mixed draws each operation from the mix's scenarios by their weights.
func (u *user) mixed() (Op, error) {
	total := 0
	var ops []Op
	var upto []int
	for _, m := range mixWeights {
		op, err := u.op(m.scenario)
		if err != nil {
			return nil, err
		}
		total += m.weight
		ops, upto = append(ops, op), append(upto, total)
	}
	return func(ctx context.Context) error {
		x := u.rand.IntN(total)
		for i, limit := range upto {
			if x < limit {
				return ops[i](ctx)
			}
		}
		return ops[len(ops)-1](ctx)
	}, nil
}

// status is a customer looking at one of their cases: its state, history,
// versions, decision and messages.
func (u *user) status(ctx context.Context) error {
	if len(u.own) == 0 {
		return fmt.Errorf("%s has no cases to look at (generate a data set first)", u.customer.account)
	}
	return u.customer.get(ctx, "/api/v1/cases/"+u.own[u.rand.IntN(len(u.own))], nil)
}

// overview is the handler's case list: the first page, the waiting cases,
// their own cases in processing, and paging on through the list.
func (u *user) overview(ctx context.Context) error {
	base := "/api/v1/organisations/" + u.w.helsinki + "/cases?limit=50"
	u.n++
	switch {
	case u.cursor != "" && u.depth < 20:
		var page struct {
			Next string `json:"next"`
		}
		if err := u.w.handler.get(ctx, base+"&after="+url.QueryEscape(u.cursor), &page); err != nil {
			return err
		}
		u.cursor, u.depth = page.Next, u.depth+1
		return nil
	case u.n%3 == 1:
		return u.w.handler.get(ctx, base+"&state=submitted", nil)
	case u.n%3 == 2:
		return u.w.handler.get(ctx, base+"&state=processing&mine=true", nil)
	}
	var page struct {
		Next string `json:"next"`
	}
	if err := u.w.handler.get(ctx, base, &page); err != nil {
		return err
	}
	u.cursor, u.depth = page.Next, 0
	return nil
}

// create sends a noise notification as a customer does: start, answers, a
// 100 kB site plan, send with an idempotency key.
func (u *user) create(ctx context.Context) error {
	c := u.customer
	var draft caseBody
	if err := c.postJSON(ctx, "POST", "/api/v1/applications", startBody(noiseService), http.StatusCreated, &draft); err != nil {
		return err
	}
	if err := c.postJSON(ctx, "PUT", "/api/v1/applications/"+draft.ID+"/answers", map[string]any{"answers": u.w.noise}, http.StatusOK, nil); err != nil {
		return err
	}
	if err := u.attach(ctx, draft.ID, u.w.plan100k); err != nil {
		return err
	}
	key := fmt.Sprintf("bench-%s-%d", u.w.runID, u.w.seq.Add(1))
	var sent caseBody
	if err := c.call(ctx, "POST", "/api/v1/applications/"+draft.ID+"/submit", "", nil, http.Header{"Idempotency-Key": {key}}, http.StatusOK, &sent); err != nil {
		return err
	}
	if sent.Number == "" {
		return fmt.Errorf("send %s: the answer has no case number", draft.ID)
	}
	return nil
}

// attach adds a site plan of its own to the draft.
func (u *user) attach(ctx context.Context, caseID string, f pngFile) error {
	q := url.Values{"field": {"site_plan"}, "name": {"asemapiirros.png"}}
	body := f.withText(fmt.Sprintf("luva bench %s %d", u.w.runID, u.w.seq.Add(1)))
	return u.customer.call(ctx, "POST", "/api/v1/applications/"+caseID+"/attachments?"+q.Encode(), "image/png", body, nil, http.StatusCreated, nil)
}

// filesPerDraft is how many documents a user adds to one draft before
// starting the next, so that no draft grows without end.
const filesPerDraft = 10

// document adds a 100 kB file to the user's draft.
func (u *user) document(ctx context.Context) error {
	if u.draft == "" || u.files >= filesPerDraft {
		var draft caseBody
		if err := u.customer.postJSON(ctx, "POST", "/api/v1/applications", startBody(noiseService), http.StatusCreated, &draft); err != nil {
			return err
		}
		u.draft, u.files = draft.ID, 0
	}
	u.files++
	return u.attach(ctx, u.draft, u.w.plan100k)
}

var folderGroups = []string{"", "ongoing", "decided", "drafts"}

// folder is the customer's transaction folder, a group at a time.
func (u *user) folder(ctx context.Context) error {
	g := folderGroups[u.rand.IntN(len(folderGroups))]
	return u.customer.get(ctx, "/api/v1/folder?limit=20&group="+g, nil)
}

// searchTerms are what people type: service names inflected, parts of
// compounds, typos, an address, in Finnish, Swedish and English, and an
// empty box.
var searchTerms = []string{"melu", "meluilmoitus", "yleisötilaisuus", "ilmotus yleisötilaisuudesta", "ilotulitus", "tapahtuma",
	"Puistokatu", "elintarvike", "ympäristölupa", "kaivos", "anmälan", "buller", "offentlig tillställning", "noise notification",
	"public event", "food premises", "Kesäjuhlat", ""}

var searchLangs = []string{"fi", "fi", "fi", "sv", "en"}

// search is a signed-in customer's search: public documents and their own
// cases.
func (u *user) search(ctx context.Context) error {
	q := url.Values{"q": {u.w.searchTerm[u.rand.IntN(len(u.w.searchTerm))]}, "lang": {searchLangs[u.rand.IntN(len(searchLangs))]}}
	return u.customer.get(ctx, "/api/v1/search?"+q.Encode(), nil)
}

var queueViews = []string{"available", "mine", "all"}

// queue is the handler's task list: free tasks, their own, everyone's.
func (u *user) queue(ctx context.Context) error {
	v := queueViews[u.rand.IntN(len(queueViews))]
	return u.w.handler.get(ctx, "/api/v1/tasks?view="+v+"&org="+url.QueryEscape(u.w.helsinki), nil)
}
