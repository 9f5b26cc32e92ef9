package web

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/analyser"
)

// registerAnalyser adds the permit-need analyser's pages: the customer's walk
// through a bundle's questionnaire (no sign-in until saving), the saved
// analyses and undertakings, and the builder for content editors.
//
// A walk keeps no server state: the answers travel in the query and in
// hidden fields, as a_<question id>=value, and the services picked by hand as
// pick=<service id>, so it works without JavaScript and without signing in.
func (h *Handler) registerAnalyser(mux *http.ServeMux) {
	h.route(mux, "GET /analyser", access.Public, h.analyserBundles)
	h.route(mux, "GET /analyser/{bundle}", access.Public, h.analyserStep)
	h.route(mux, "GET /analyser/{bundle}/pick", access.Public, h.analyserPick)
	h.route(mux, "GET /analyser/{bundle}/prefill", access.SignedIn, h.analyserPrefill)
	h.route(mux, "GET /analyser/{bundle}/result", access.Public, h.analyserResult)
	h.route(mux, "POST /analyser/{bundle}/save", access.SignedIn, h.analyserSave)
	h.route(mux, "POST /analyser/{bundle}/undertaking", access.SignedIn, h.analyserStart)
	h.route(mux, "GET /analyses/{id}", access.SignedIn, h.savedAnalysis)
	h.route(mux, "POST /analyses/{id}/undertaking", access.SignedIn, h.savedAnalysisStart)
	h.route(mux, "GET /undertakings", access.SignedIn, h.undertakings)
	h.route(mux, "GET /undertakings/{id}", access.SignedIn, h.undertaking)
	h.route(mux, "GET /analyser-admin", access.SignedIn, h.builderList)
	h.route(mux, "POST /analyser-admin", access.SignedIn, h.builderCreate)
	h.route(mux, "GET /analyser-admin/{id}", access.SignedIn, h.builder)
	h.route(mux, "POST /analyser-admin/{id}", access.SignedIn, h.builderSave)
	h.route(mux, "POST /analyser-admin/{id}/publish", access.SignedIn, h.builderPublish)
}

// answerPrefix starts the names of the fields that carry answers.
const answerPrefix = "a_"

// walk is the state of a customer's walk through a questionnaire.
type walk struct {
	Answers analyser.Answers
	Picked  []string
	// Known says which answers came from what was already known, and where
	// from ("prh", "earlier"), so the pages can say so.
	Known map[string]string
}

// knownPrefix marks the source of a pre-answered question in form values.
const knownPrefix = "known_"

// readWalk reads the answers and picked services from form values (the query
// of a GET, or a posted form).
func readWalk(q analyser.Questionnaire, values url.Values) walk {
	a := analyser.Answers{}
	for key, vs := range values {
		if id, ok := strings.CutPrefix(key, answerPrefix); ok {
			a[id] = vs
		}
	}
	w := walk{Answers: q.Clean(a), Known: map[string]string{}}
	for key, vs := range values {
		if id, ok := strings.CutPrefix(key, knownPrefix); ok && len(vs) > 0 && w.Answers.Answered(id) && (vs[0] == "prh" || vs[0] == "earlier") {
			w.Known[id] = vs[0]
		}
	}
	// A bundle has at most a few dozen services; more picks than that are
	// not a person's doing and are cut, so no request costs much.
	const maxPicks = 200
	seen := map[string]bool{}
	for _, id := range values["pick"] {
		if id = strings.TrimSpace(id); id != "" && !seen[id] && len(w.Picked) < maxPicks {
			seen[id] = true
			w.Picked = append(w.Picked, id)
		}
	}
	return w
}

// Hidden lists the walk as hidden fields, leaving out the questions shown on
// the page (which the page's own fields carry) and, when withPicks is false,
// the picked services.
func (w walk) Hidden(shown []analyser.Question, withPicks bool) []hiddenField {
	var out []hiddenField
	ids := make([]string, 0, len(w.Answers))
	for id := range w.Answers {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if slices.ContainsFunc(shown, func(x analyser.Question) bool { return x.ID == id }) {
			continue
		}
		for _, v := range w.Answers[id] {
			out = append(out, hiddenField{Name: answerPrefix + id, Value: v})
		}
	}
	for _, id := range slices.Sorted(maps.Keys(w.Known)) {
		out = append(out, hiddenField{Name: knownPrefix + id, Value: w.Known[id]})
	}
	if withPicks {
		for _, id := range w.Picked {
			out = append(out, hiddenField{Name: "pick", Value: id})
		}
	}
	return out
}

// Query is the walk as a query string, with extra name/value pairs.
func (w walk) Query(extra ...string) string {
	v := url.Values{}
	for _, f := range w.Hidden(nil, true) {
		v.Add(f.Name, f.Value)
	}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

type hiddenField struct {
	Name, Value string
}
