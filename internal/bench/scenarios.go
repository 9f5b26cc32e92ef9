package bench

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"
)

// The scenarios. Mixed draws from the others with Open Zaak's weights;
// process runs the event notice process to its end; all runs each in turn.
const (
	ScenarioMixed    = "mixed"
	ScenarioStatus   = "status"
	ScenarioOverview = "overview"
	ScenarioCreate   = "create"
	ScenarioDocument = "document"
	ScenarioFolder   = "folder"
	ScenarioSearch   = "search"
	ScenarioQueue    = "queue"
	ScenarioProcess  = "process"
	ScenarioAll      = "all"
)

// Scenarios lists the scenarios in the order "all" runs them.
func Scenarios() []string {
	return []string{ScenarioMixed, ScenarioStatus, ScenarioOverview, ScenarioCreate, ScenarioDocument,
		ScenarioFolder, ScenarioSearch, ScenarioQueue, ScenarioProcess}
}

// mixWeights are Open Zaak's weights (status 20 %, case overview 20 %,
// create 10 %, add document 12 %) with the remaining 38 % shared by the
// folder, search and work-queue reads.
var mixWeights = []struct {
	scenario string
	weight   int
}{
	{ScenarioStatus, 20}, {ScenarioOverview, 20}, {ScenarioCreate, 10}, {ScenarioDocument, 12},
	{ScenarioFolder, 13}, {ScenarioSearch, 13}, {ScenarioQueue, 12},
}

// Generated customers' accounts: CustomerAccounts of them, named
// CustomerUsername(0…). The run signs in at most that many, because the
// server allows 30 sign-ins per address in 15 minutes; virtual users share
// the sessions.
const CustomerAccounts = 8

// CustomerUsername is the username of the generated customer k.
func CustomerUsername(k int) string { return fmt.Sprintf("bench-customer-%d", k) }

// The demo's authority accounts the scenarios work as: Helsinki's case
// handler and the Helsinki police's.
const (
	handlerAccount = "kasittelija"
	policeAccount  = "poliisi"
)

// world is what every virtual user shares: the signed-in accounts, the
// organisations, the answers and files to send.
type world struct {
	customers []*client
	handler   *client
	police    *client
	helsinki  string // Helsinki's organisation id, the noise notification's authority
	policeOrg string // the Helsinki police's, the event notice's
	// own lists each customer's cases, for the status view.
	own       [][]string
	noise     map[string]any
	event     map[string]any
	plan100k  pngFile
	smallPlan pngFile
	seq       atomic.Int64
	ackChoice atomic.Pointer[string]
	// lastProcessCase is the case whose process task was last completed.
	lastProcessCase atomic.Pointer[string]
	runID           string
	searchTerm      []string
}

// setup signs in the accounts and learns what the scenarios need from the
// server itself, so that a run needs nothing but the URL.
func setup(ctx context.Context, base string, users int, tr http.RoundTripper, count *Counter) (*world, error) {
	now := time.Now()
	w := &world{plan100k: noisePNG(320), smallPlan: noisePNG(48), runID: fmt.Sprintf("%x", now.UnixNano()),
		searchTerm: searchTerms}
	var err error
	if w.noise, err = noiseAnswers(now); err != nil {
		return nil, err
	}
	if w.event, err = eventAnswers(now); err != nil {
		return nil, err
	}
	for k := range min(max(users, 1), CustomerAccounts) {
		c, err := signIn(ctx, base, CustomerUsername(k), tr, count)
		if err != nil {
			return nil, err
		}
		w.customers = append(w.customers, c)
	}
	if w.handler, err = signIn(ctx, base, handlerAccount, tr, count); err != nil {
		return nil, err
	}
	if w.police, err = signIn(ctx, base, policeAccount, tr, count); err != nil {
		return nil, err
	}
	// A draft of each service names its authority.
	for _, s := range []struct {
		service string
		org     *string
	}{{noiseService, &w.helsinki}, {eventService, &w.policeOrg}} {
		var c caseBody
		if err := w.customers[0].postJSON(ctx, "POST", "/api/v1/applications", startBody(s.service), http.StatusCreated, &c); err != nil {
			return nil, fmt.Errorf("find the authority of %s: %w", s.service, err)
		}
		*s.org = c.Authority
	}
	for _, c := range w.customers {
		var page struct {
			Items []caseBody `json:"items"`
		}
		if err := c.get(ctx, "/api/v1/folder?limit=100", &page); err != nil {
			return nil, fmt.Errorf("read %s's folder: %w", c.account, err)
		}
		var ids []string
		for _, it := range page.Items {
			ids = append(ids, it.ID)
		}
		w.own = append(w.own, ids)
	}
	return w, nil
}

// caseBody is the part of a case the scenarios read.
type caseBody struct {
	ID        string `json:"id"`
	Number    string `json:"number"`
	State     string `json:"state"`
	Authority string `json:"authority"`
}

func startBody(service string) map[string]string {
	return map[string]string{"service": service, "municipality": municipality, "lang": "fi"}
}
