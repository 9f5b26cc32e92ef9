package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/luva-fi/luva/internal/analyser"
	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/identity"
)

type analyserBundlesData struct {
	Items []analyserBundle
}

type analyserBundle struct {
	Bundle        catalog.Bundle
	Questionnaire analyser.Questionnaire
}

// analyserBundles lists the bundles that have a published questionnaire.
func (h *Handler) analyserBundles(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	bundles, err := h.Bundles.Bundles(ctx, lang)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	published, err := h.Analyser.Published(ctx, "")
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	var d analyserBundlesData
	for _, b := range bundles {
		if i := slices.IndexFunc(published, func(q analyser.Questionnaire) bool { return q.Bundle == b.Code }); i >= 0 {
			d.Items = append(d.Items, analyserBundle{Bundle: b, Questionnaire: published[i]})
		}
	}
	h.page(w, r, "analyser", Page{Lang: lang, Title: h.catalog.T(lang, "analyser.title"), Nav: "analyser", Data: d})
}

// questionnaire finds the bundle's published questionnaire and the bundle.
func (h *Handler) questionnaire(r *http.Request, lang string) (analyser.Questionnaire, catalog.Bundle, error) {
	code := r.PathValue("bundle")
	q, err := h.Analyser.ForBundle(r.Context(), code)
	if err != nil {
		return q, catalog.Bundle{}, err
	}
	bundles, err := h.Bundles.Bundles(r.Context(), lang)
	if err != nil {
		return q, catalog.Bundle{}, err
	}
	i := slices.IndexFunc(bundles, func(b catalog.Bundle) bool { return b.Code == code })
	if i < 0 {
		return q, catalog.Bundle{}, errs.E(errs.NotFound, "no such bundle")
	}
	return q, bundles[i], nil
}

type stepData struct {
	Q              analyser.Questionnaire
	Bundle         catalog.Bundle
	Index, Count   int
	StepNo         int
	Summary        []answerError
	Area           analyser.Area
	Questions      []questionView
	Hidden         []hiddenField
	Last           bool
	Municipalities []identity.Municipality
}

// answerError is one entry of the error summary: the question and what is
// wrong with its answer.
type answerError struct {
	Field, Key, Label string
}

// questionView is a question with the field that answers it and its values.
type questionView struct {
	analyser.Question
	Field  string
	Values []string
	// Source says where a pre-filled answer came from, or is empty.
	Source string
}

// Has reports whether the value is chosen.
func (v questionView) Has(value string) bool { return slices.Contains(v.Values, value) }

// Value is the first value, or "".
func (v questionView) Value() string {
	if len(v.Values) == 0 {
		return ""
	}
	return v.Values[0]
}

// analyserStep shows one area of questions. Submitting it (go=next) checks
// its answers and moves on; go=back returns a page, go=pick leaves for
// picking services by hand, and after the last area come the results.
func (h *Handler) analyserStep(w http.ResponseWriter, r *http.Request, lang string) {
	q, bundle, err := h.questionnaire(r, lang)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	query := r.URL.Query()
	wk := readWalk(q, query)
	step, _ := strconv.Atoi(query.Get("step"))
	step = max(0, min(step, len(q.Areas)-1))
	base := "/" + lang + "/analyser/" + bundle.Code
	status := http.StatusOK
	var errors map[string]string
	switch query.Get("go") {
	case "back":
		step = max(0, step-1)
	case "pick":
		http.Redirect(w, r, base+"/pick"+wk.Query(), http.StatusSeeOther)
		return
	case "next":
		problems := analyser.Check(q.InArea(q.Areas[step].ID), wk.Answers)
		if len(problems) == 0 {
			if step+1 >= len(q.Areas) {
				http.Redirect(w, r, base+"/result"+wk.Query(), http.StatusSeeOther)
				return
			}
			step++
			break
		}
		status, errors = http.StatusUnprocessableEntity, map[string]string{}
		for id, key := range problems {
			errors[answerPrefix+id] = key
		}
	}
	ms, err := identity.Municipalities()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	area := q.Areas[step]
	shown := q.InArea(area.ID)
	d := stepData{Q: q, Bundle: bundle, Index: step, StepNo: step + 1, Count: len(q.Areas), Area: area, Last: step == len(q.Areas)-1,
		Hidden: wk.Hidden(shown, true), Municipalities: ms}
	for _, x := range shown {
		if key, ok := errors[answerPrefix+x.ID]; ok {
			d.Summary = append(d.Summary, answerError{Field: answerPrefix + x.ID, Key: key, Label: x.Labels.In(lang)})
		}
		vs := wk.Answers[x.ID]
		if errors != nil {
			vs = query[answerPrefix+x.ID] // show what was typed, even when it does not fit
		}
		d.Questions = append(d.Questions, questionView{Question: x, Field: answerPrefix + x.ID, Values: vs, Source: wk.Known[x.ID]})
	}
	title := area.Titles.In(lang) + " – " + q.Titles.In(lang)
	p := Page{Lang: lang, Title: title, Nav: "analyser", Data: d, Errors: errors}
	if n := query.Get("prefill"); n == "done" || n == "unavailable" || n == "none" {
		p.Notice = "analyser.prefill." + n
	}
	h.pageStatus(w, r, status, "analyser-step", p)
}

type pickData struct {
	Q              analyser.Questionnaire
	Bundle         catalog.Bundle
	Services       []catalog.Service
	Walk           walk
	Hidden         []hiddenField
	Municipality   *questionView
	Start          *questionView
	Municipalities []identity.Municipality
}

// Picked reports whether the service is picked.
func (d pickData) Picked(id string) bool { return slices.Contains(d.Walk.Picked, id) }

// analyserPick lists the bundle's published services to pick by hand, with
// the municipality and start date, so that the results can say who handles
// each and by when.
func (h *Handler) analyserPick(w http.ResponseWriter, r *http.Request, lang string) {
	q, bundle, err := h.questionnaire(r, lang)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	wk := readWalk(q, r.URL.Query())
	services, err := h.Analyser.BundleServices(r.Context(), bundle.Code)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	slices.SortFunc(services, func(a, b catalog.Service) int { return strings.Compare(a.Name(lang), b.Name(lang)) })
	ms, err := identity.Municipalities()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d := pickData{Q: q, Bundle: bundle, Services: services, Walk: wk, Municipalities: ms}
	var shown []analyser.Question
	if x, ok := q.MunicipalityQuestion(); ok {
		d.Municipality = &questionView{Question: x, Field: answerPrefix + x.ID, Values: wk.Answers[x.ID]}
		shown = append(shown, x)
	}
	if x, ok := q.StartQuestion(); ok {
		d.Start = &questionView{Question: x, Field: answerPrefix + x.ID, Values: wk.Answers[x.ID]}
		shown = append(shown, x)
	}
	d.Hidden = wk.Hidden(shown, false)
	h.page(w, r, "analyser-pick", Page{Lang: lang, Title: h.catalog.T(lang, "analyser.pick.title"), Nav: "analyser", Data: d})
}
