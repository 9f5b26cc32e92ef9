package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/analyser"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/identity"
)

// resultData is what the result page shows: a live walk's outcome, a saved
// analysis or an undertaking.
type resultData struct {
	Mode             string // "live", "saved" or "undertaking"
	Bundle           catalog.Bundle
	Outcome          analyser.Outcome
	MunicipalityName string
	Hidden           []hiddenField // a live walk, for the save and start forms
	EditURL          string
	PickURL          string
	SignInURL        string
	StartAction      string
	Analysis         analyser.Analysis
	Undertaking      analyser.Undertaking
	// Chosen are the services ticked in the start form.
	Chosen map[string]bool
	Name   string
}

// municipalityName is the municipality's name in lang, or "".
func municipalityName(code, lang string) string {
	ms, err := identity.Municipalities()
	if err != nil {
		return code
	}
	for _, m := range ms {
		if m.Code == code {
			return m.Name(lang)
		}
	}
	return ""
}

// defaultChosen ticks what is certainly needed and what was picked.
func defaultChosen(o analyser.Outcome) map[string]bool {
	chosen := map[string]bool{}
	for _, it := range o.Items {
		chosen[it.Service.ID] = it.Certainty != analyser.Possible
	}
	return chosen
}

// bundleOf finds a bundle in lang.
func (h *Handler) bundleOf(r *http.Request, code, lang string) (catalog.Bundle, error) {
	bundles, err := h.Bundles.Bundles(r.Context(), lang)
	if err != nil {
		return catalog.Bundle{}, err
	}
	for _, b := range bundles {
		if b.Code == code {
			return b, nil
		}
	}
	return catalog.Bundle{Code: code, Name: code}, nil
}

// analyserResult shows what the walk's answers need.
func (h *Handler) analyserResult(w http.ResponseWriter, r *http.Request, lang string) {
	h.renderLiveResult(w, r, lang, r.URL.Query(), http.StatusOK, nil)
}

func (h *Handler) renderLiveResult(w http.ResponseWriter, r *http.Request, lang string, values url.Values, status int, errors map[string]string) {
	q, bundle, err := h.questionnaire(r, lang)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	wk := readWalk(q, values)
	o, err := h.Analyser.Analyse(r.Context(), q, wk.Answers, wk.Picked)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	base := "/" + lang + "/analyser/" + bundle.Code
	d := resultData{Mode: "live", Bundle: bundle, Outcome: o, MunicipalityName: municipalityName(o.Municipality, lang), Hidden: wk.Hidden(nil, true),
		EditURL: base + wk.Query(), PickURL: base + "/pick" + wk.Query(), StartAction: base + "/undertaking", Chosen: defaultChosen(o)}
	d.SignInURL = "/" + lang + "/sign-in?next=" + url.QueryEscape(base+"/result"+wk.Query())
	if errors != nil {
		d.Chosen, d.Name = chosenFrom(values), values.Get("name")
	}
	h.pageStatus(w, r, status, "analyser-result", Page{Lang: lang, Title: h.catalog.T(lang, "analyser.result.title"), Nav: "analyser", Data: d, Errors: errors})
}

// postForm returns the posted form, parsed.
func postForm(r *http.Request) url.Values {
	_ = r.ParseForm() // a body that does not parse leaves the form empty, which the checks refuse
	return r.PostForm
}

func chosenFrom(values url.Values) map[string]bool {
	chosen := map[string]bool{}
	for _, id := range values["services"] {
		chosen[id] = true
	}
	return chosen
}

// analyserSave keeps the walk for the signed-in party.
func (h *Handler) analyserSave(w http.ResponseWriter, r *http.Request, lang string) {
	q, _, err := h.questionnaire(r, lang)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	wk := readWalk(q, postForm(r))
	an, err := h.Analyser.Save(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), q, wk.Answers, wk.Picked)
	if e, ok := errs.As(err); ok && e.Kind == errs.Invalid {
		// Keep the customer's answers and send them to correct the ones that
		// do not fit, instead of an error page.
		h.renderLiveResult(w, r, lang, r.PostForm, http.StatusUnprocessableEntity, map[string]string{"answers": "analyser.save.invalid"})
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	http.Redirect(w, r, "/"+lang+"/analyses/"+an.ID+"?saved=1", http.StatusSeeOther)
}

// analyserStart starts an undertaking straight from the walk.
func (h *Handler) analyserStart(w http.ResponseWriter, r *http.Request, lang string) {
	q, _, err := h.questionnaire(r, lang)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	wk := readWalk(q, postForm(r))
	in := analyser.StartInput{Questionnaire: q, Answers: wk.Answers, Picked: wk.Picked, Name: r.PostFormValue("name"), Services: r.PostForm["services"]}
	u, err := h.Analyser.Start(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), in)
	if e, ok := errs.As(err); ok && e.Kind == errs.Invalid && (e.Fields["name"] != "" || e.Fields["services"] != "") {
		h.renderLiveResult(w, r, lang, r.PostForm, http.StatusUnprocessableEntity, e.Fields)
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	http.Redirect(w, r, "/"+lang+"/undertakings/"+u.ID+"?started=1", http.StatusSeeOther)
}

// savedAnalysis shows a saved analysis of the party the person acts for.
func (h *Handler) savedAnalysis(w http.ResponseWriter, r *http.Request, lang string) {
	h.renderSaved(w, r, lang, http.StatusOK, nil)
}

func (h *Handler) renderSaved(w http.ResponseWriter, r *http.Request, lang string, status int, errors map[string]string) {
	ctx := r.Context()
	an, err := h.Analyser.SavedAnalysis(ctx, auth.PrincipalFrom(ctx), r.PathValue("id"))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	o, err := h.Analyser.AnalysisOutcome(ctx, an)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	bundle, err := h.bundleOf(r, an.Bundle, lang)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	wk := walk{Answers: an.Answers, Picked: an.Picked}
	base := "/" + lang + "/analyser/" + an.Bundle
	d := resultData{Mode: "saved", Bundle: bundle, Outcome: o, MunicipalityName: municipalityName(o.Municipality, lang), Analysis: an,
		EditURL: base + wk.Query(), PickURL: base + "/pick" + wk.Query(), StartAction: "/" + lang + "/analyses/" + an.ID + "/undertaking",
		Chosen: defaultChosen(o)}
	if errors != nil {
		d.Chosen, d.Name = chosenFrom(r.PostForm), r.PostFormValue("name")
	}
	p := Page{Lang: lang, Title: h.catalog.T(lang, "analyser.saved.title"), Nav: "analyser", Data: d, Errors: errors}
	if r.URL.Query().Get("saved") == "1" {
		p.Notice = "analyser.notice.saved"
	}
	h.pageStatus(w, r, status, "analyser-result", p)
}

// savedAnalysisStart starts an undertaking from a saved analysis.
func (h *Handler) savedAnalysisStart(w http.ResponseWriter, r *http.Request, lang string) {
	in := analyser.StartInput{AnalysisID: r.PathValue("id"), Name: r.PostFormValue("name"), Services: r.PostForm["services"]}
	u, err := h.Analyser.Start(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), in)
	if e, ok := errs.As(err); ok && e.Kind == errs.Invalid {
		h.renderSaved(w, r, lang, http.StatusUnprocessableEntity, e.Fields)
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	http.Redirect(w, r, "/"+lang+"/undertakings/"+u.ID+"?started=1", http.StatusSeeOther)
}

type undertakingsData struct {
	Undertakings []undertakingRow
	Analyses     []analysisRow
}

type undertakingRow struct {
	analyser.Undertaking
	BundleName, MunicipalityName string
	StartDate                    time.Time
}

type analysisRow struct {
	analyser.Analysis
	BundleName, MunicipalityName string
	StartDate                    time.Time
	Services                     int
}

// undertakings lists the undertakings and saved analyses of the party.
func (h *Handler) undertakings(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	us, err := h.Analyser.Undertakings(ctx, p)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	as, err := h.Analyser.Analyses(ctx, p)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	names := map[string]string{}
	if bundles, err := h.Bundles.Bundles(ctx, lang); err == nil {
		for _, b := range bundles {
			names[b.Code] = b.Name
		}
	}
	var d undertakingsData
	for _, u := range us {
		start, _ := analyser.ParseDate(u.Start)
		d.Undertakings = append(d.Undertakings, undertakingRow{Undertaking: u, BundleName: names[u.Bundle], MunicipalityName: municipalityName(u.Municipality, lang), StartDate: start})
	}
	for _, a := range as {
		start, _ := analyser.ParseDate(a.Start)
		d.Analyses = append(d.Analyses, analysisRow{Analysis: a, BundleName: names[a.Bundle], MunicipalityName: municipalityName(a.Municipality, lang),
			StartDate: start, Services: len(a.Findings) + len(a.Picked)})
	}
	h.page(w, r, "analyser-undertakings", Page{Lang: lang, Title: h.catalog.T(lang, "analyser.undertakings.title"), Nav: "undertakings", Data: d})
}

// undertaking shows an undertaking of the party and the services it needs.
func (h *Handler) undertaking(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	u, err := h.Analyser.OwnUndertaking(ctx, auth.PrincipalFrom(ctx), r.PathValue("id"))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	o, err := h.Analyser.UndertakingOutcome(ctx, u)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	bundle, err := h.bundleOf(r, u.Bundle, lang)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d := resultData{Mode: "undertaking", Bundle: bundle, Outcome: o, MunicipalityName: municipalityName(o.Municipality, lang), Undertaking: u}
	p := Page{Lang: lang, Title: strings.TrimSpace(u.Name), Nav: "undertakings", Data: d}
	if r.URL.Query().Get("started") == "1" {
		p.Notice = "analyser.notice.started"
	}
	h.page(w, r, "analyser-result", p)
}
