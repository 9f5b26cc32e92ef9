package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/analyser"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/errs"
)

// registerAnalyser adds the permit-need analyser's operations: anyone reads
// the published questionnaires and analyses answers; signed-in customers keep
// analyses and start undertakings for the party they act for; content editors
// save drafts and publish (the service checks their organisation).
func (a *API) registerAnalyser(mux *http.ServeMux) {
	a.handle(mux, "GET", "/api/v1/questionnaires", access.Public, a.questionnaires)
	a.handle(mux, "GET", "/api/v1/questionnaires/{id}", access.Public, a.questionnaire)
	a.handle(mux, "GET", "/api/v1/questionnaires/{id}/draft", access.SignedIn, a.questionnaireDraft)
	a.handle(mux, "PUT", "/api/v1/questionnaires/{id}/draft", access.SignedIn, a.saveQuestionnaireDraft)
	a.handle(mux, "POST", "/api/v1/questionnaires/{id}/publish", access.SignedIn, a.publishQuestionnaire)
	a.handle(mux, "POST", "/api/v1/analyses", access.Public, a.analyse)
	a.handle(mux, "GET", "/api/v1/analyses", access.SignedIn, a.analyses)
	a.handle(mux, "GET", "/api/v1/analyses/{id}", access.SignedIn, a.savedAnalysis)
	a.handle(mux, "GET", "/api/v1/undertakings", access.SignedIn, a.undertakings)
	a.handle(mux, "POST", "/api/v1/undertakings", access.SignedIn, a.startUndertaking)
	a.handle(mux, "GET", "/api/v1/undertakings/{id}", access.SignedIn, a.undertaking)
}

func (a *API) questionnaires(w http.ResponseWriter, r *http.Request) {
	qs, err := a.Analyser.Published(r.Context(), r.URL.Query().Get("bundle"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(qs)})
}

func (a *API) questionnaire(w http.ResponseWriter, r *http.Request) {
	q, err := a.Analyser.PublishedQuestionnaire(r.Context(), r.PathValue("id"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, q)
}

// draftBody is a questionnaire's newest version with what keeps it from being published.
type draftBody struct {
	analyser.Questionnaire
	Problems analyser.Problems `json:"problems"`
}

func (a *API) writeDraft(w http.ResponseWriter, r *http.Request, status int, q analyser.Questionnaire) {
	ps, err := a.Analyser.Validate(r.Context(), q)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, status, draftBody{Questionnaire: q, Problems: nonNil(ps)})
}

func (a *API) questionnaireDraft(w http.ResponseWriter, r *http.Request) {
	q, err := a.Analyser.Draft(r.Context(), auth.PrincipalFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.writeDraft(w, r, http.StatusOK, q)
}

// problemError words the problems of a refused definition for the API: each
// field (as a JSON path) with its message key, position and the compiler's words.
func problemError(err error) error {
	ps := analyser.ProblemsOf(err)
	if len(ps) == 0 {
		return err
	}
	e := errs.Wrap(errs.Invalid, "the questionnaire has errors", err)
	e.Fields = map[string]string{}
	for _, p := range ps {
		if _, dup := e.Fields[p.Path()]; !dup {
			e.Fields[p.Path()] = strings.TrimPrefix(p.Error(), p.Path()+": ")
		}
	}
	return e
}

func (a *API) saveQuestionnaireDraft(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Titles    analyser.Texts      `json:"titles"`
		Intros    analyser.Texts      `json:"intros"`
		Areas     []analyser.Area     `json:"areas"`
		Questions []analyser.Question `json:"questions"`
		Rules     []analyser.Rule     `json:"rules"`
	}
	if err := decodeLarge(r, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	q := analyser.Questionnaire{ID: r.PathValue("id"), Titles: in.Titles, Intros: in.Intros, Areas: in.Areas, Questions: in.Questions, Rules: in.Rules}
	saved, err := a.Analyser.SaveDraft(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), q)
	if err != nil {
		a.writeError(w, r, problemError(err))
		return
	}
	a.writeDraft(w, r, http.StatusOK, saved)
}

func (a *API) publishQuestionnaire(w http.ResponseWriter, r *http.Request) {
	q, err := a.Analyser.Publish(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("id"))
	if err != nil {
		a.writeError(w, r, problemError(err))
		return
	}
	writeJSON(w, http.StatusOK, q)
}

// decodeLarge reads a JSON body of at most 1 MB into v: questionnaires are
// larger than other bodies.
func decodeLarge(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errs.Wrap(errs.Invalid, "the body is not valid JSON for this operation", err)
	}
	return nil
}

// outcomeBody is an analysis's outcome in one language.
type outcomeBody struct {
	AnalysisID    string         `json:"analysis_id,omitempty"`
	Questionnaire string         `json:"questionnaire,omitempty"`
	Version       int            `json:"questionnaire_version,omitempty"`
	Bundle        string         `json:"bundle"`
	Municipality  string         `json:"municipality"`
	StartDate     string         `json:"start_date"`
	Answers       map[string]any `json:"answers,omitempty"`
	Picked        []string       `json:"picked,omitempty"`
	Items         []itemBody     `json:"items"`
}

type itemBody struct {
	Service    string             `json:"service"`
	Name       string             `json:"name"`
	Kind       string             `json:"kind"`
	Certainty  string             `json:"certainty"`
	Reasons    []reasonBody       `json:"reasons"`
	LegalBasis []catalog.LegalRef `json:"legal_basis"`
	LeadTime   catalog.LeadTime   `json:"lead_time"`
	Handler    *handlerBody       `json:"handler"`
	Deadline   string             `json:"deadline,omitempty"`
	Late       bool               `json:"late"`
}

type reasonBody struct {
	Rule string `json:"rule"`
	Text string `json:"text"`
}

type handlerBody struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// helsinkiZone is where deadlines fall: a working-day deadline is a
// Helsinki midnight, which in UTC is the day before.
var helsinkiZone = sync.OnceValue(func() *time.Location {
	l, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		return time.FixedZone("EET", 2*60*60)
	}
	return l
})

func outcomeJSON(o analyser.Outcome, lang string) outcomeBody {
	b := outcomeBody{Bundle: o.Bundle, Municipality: o.Municipality, Items: []itemBody{}}
	if !o.Start.IsZero() {
		b.StartDate = o.Start.Format("2006-01-02")
	}
	for _, it := range o.Items {
		ib := itemBody{Service: it.Service.ID, Name: it.Service.Name(lang), Kind: it.Service.Kind, Certainty: it.Certainty, Reasons: []reasonBody{},
			LegalBasis: nonNil(it.Service.LegalBasis), LeadTime: it.Service.LeadTime, Late: it.Late}
		for _, r := range it.Reasons {
			ib.Reasons = append(ib.Reasons, reasonBody{Rule: r.Rule, Text: r.Texts.In(lang)})
		}
		if it.Handled {
			ib.Handler = &handlerBody{ID: it.Handler.ID, Name: it.Handler.DisplayName(lang)}
		}
		if !it.Deadline.IsZero() {
			ib.Deadline = it.Deadline.In(helsinkiZone()).Format("2006-01-02")
		}
		b.Items = append(b.Items, ib)
	}
	return b
}

// analysisRequest is what POST /api/v1/analyses and POST /api/v1/undertakings
// take: answers to a bundle's (or a named) published questionnaire.
type analysisRequest struct {
	Bundle        string         `json:"bundle"`
	Questionnaire string         `json:"questionnaire"`
	Answers       map[string]any `json:"answers"`
	Picked        []string       `json:"picked"`
	Save          bool           `json:"save"`
	// For undertakings.
	AnalysisID string   `json:"analysis_id"`
	Name       string   `json:"name"`
	Services   []string `json:"services"`
}

// readAnalysis finds the questionnaire and reads the answers.
func (a *API) readAnalysis(r *http.Request, in analysisRequest) (analyser.Questionnaire, analyser.Answers, error) {
	var q analyser.Questionnaire
	var err error
	switch {
	case in.Questionnaire != "":
		q, err = a.Analyser.PublishedQuestionnaire(r.Context(), in.Questionnaire)
	case in.Bundle != "":
		q, err = a.Analyser.ForBundle(r.Context(), in.Bundle)
	default:
		err = invalidField("bundle", "give the bundle or the questionnaire")
	}
	if err != nil {
		return q, nil, err
	}
	answers, problems := q.FromJSON(in.Answers)
	if len(problems) > 0 {
		e := errs.E(errs.Invalid, "the answers have errors")
		e.Fields = map[string]string{}
		for id, key := range problems {
			e.Fields["answers."+id] = key
		}
		return q, nil, e
	}
	return q, answers, nil
}

// analyse evaluates answers; with "save" a signed-in customer keeps them.
func (a *API) analyse(w http.ResponseWriter, r *http.Request) {
	lang, err := a.contentLang(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	var in analysisRequest
	if err := decode(r, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	q, answers, err := a.readAnalysis(r, in)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	id, status := "", http.StatusOK
	if in.Save {
		an, err := a.Analyser.Save(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), q, answers, in.Picked)
		if err != nil {
			a.writeError(w, r, err)
			return
		}
		id, status, in.Picked = an.ID, http.StatusCreated, an.Picked
	}
	o, err := a.Analyser.Analyse(r.Context(), q, answers, in.Picked)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	b := outcomeJSON(o, lang)
	b.AnalysisID, b.Questionnaire, b.Version, b.Answers, b.Picked = id, q.ID, q.Version, q.Typed(answers), nonNil(in.Picked)
	writeJSON(w, status, b)
}

func (a *API) analysisBody(r *http.Request, an analyser.Analysis, lang string) (outcomeBody, error) {
	o, err := a.Analyser.AnalysisOutcome(r.Context(), an)
	if err != nil {
		return outcomeBody{}, err
	}
	b := outcomeJSON(o, lang)
	b.AnalysisID, b.Questionnaire, b.Version, b.Picked = an.ID, an.Questionnaire, an.Version, nonNil(an.Picked)
	if q, err := a.Analyser.Version(r.Context(), an.Questionnaire, an.Version); err == nil {
		b.Answers = q.Typed(an.Answers)
	}
	return b, nil
}

func (a *API) analyses(w http.ResponseWriter, r *http.Request) {
	list, err := a.Analyser.Analyses(r.Context(), auth.PrincipalFrom(r.Context()))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(list)})
}

func (a *API) savedAnalysis(w http.ResponseWriter, r *http.Request) {
	lang, err := a.contentLang(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	an, err := a.Analyser.SavedAnalysis(r.Context(), auth.PrincipalFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	b, err := a.analysisBody(r, an, lang)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, b)
}

// undertakingBody is an undertaking with its services in one language.
type undertakingBody struct {
	analyser.Undertaking
	Items []itemBody `json:"items"`
}

func (a *API) writeUndertaking(w http.ResponseWriter, r *http.Request, status int, u analyser.Undertaking, lang string) {
	o, err := a.Analyser.UndertakingOutcome(r.Context(), u)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, status, undertakingBody{Undertaking: u, Items: outcomeJSON(o, lang).Items})
}

func (a *API) undertakings(w http.ResponseWriter, r *http.Request) {
	list, err := a.Analyser.Undertakings(r.Context(), auth.PrincipalFrom(r.Context()))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(list)})
}

func (a *API) undertaking(w http.ResponseWriter, r *http.Request) {
	lang, err := a.contentLang(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	u, err := a.Analyser.OwnUndertaking(r.Context(), auth.PrincipalFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.writeUndertaking(w, r, http.StatusOK, u, lang)
}

// startUndertaking starts an undertaking from a saved analysis or from answers.
func (a *API) startUndertaking(w http.ResponseWriter, r *http.Request) {
	lang, err := a.contentLang(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	var in analysisRequest
	if err := decode(r, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	start := analyser.StartInput{AnalysisID: in.AnalysisID, Name: in.Name, Services: in.Services, Picked: in.Picked}
	if in.AnalysisID == "" {
		if start.Questionnaire, start.Answers, err = a.readAnalysis(r, in); err != nil {
			a.writeError(w, r, err)
			return
		}
	}
	u, err := a.Analyser.Start(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), start)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.writeUndertaking(w, r, http.StatusCreated, u, lang)
}
