package api

import (
	"maps"
	"net/http"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/forms"
)

// problemBody is one thing that keeps an application from being sent: the
// input it is about ("venue.postcode", "performers.2.name"), the form page
// (from 0), a stable code ("required", "min", …; the pages show
// form.error.<code>), the limit the code names, and a message in the
// caller's language.
type problemBody struct {
	Field   string `json:"field"`
	Page    int    `json:"page"`
	Code    string `json:"code"`
	Limit   string `json:"limit,omitempty"`
	Message string `json:"message"`
}

// problems checks the working copy of c against its form version as sending
// would: the files attached count as the answers to their slots, and hidden
// fields are left out.
func (a *API) problems(r *http.Request, p access.Principal, c cases.Case) ([]problemBody, error) {
	ctx := r.Context()
	f, err := a.Cases.Form(ctx, c)
	if err != nil {
		return nil, err
	}
	current, err := a.Cases.Files.Current(ctx, p, c.ID)
	if err != nil {
		return nil, err
	}
	answers := forms.Answers(maps.Clone(c.Answers))
	if answers == nil {
		answers = forms.Answers{}
	}
	slots := map[string][]any{}
	for _, at := range current {
		slots[at.Field] = append(slots[at.Field], at.ID)
	}
	for field, ids := range slots {
		answers[field] = ids
	}
	lang := messageLang(r)
	out := []problemBody{}
	for _, e := range f.Validate(f.Clean(answers)) {
		msg := a.catalog.T(lang, "form.error."+e.Code, "limit", e.Limit)
		if e.Code == forms.CodeRule && e.Message.In(lang) != "" {
			msg = e.Message.In(lang)
		}
		out = append(out, problemBody{Field: e.Field, Page: e.Page, Code: e.Code, Limit: e.Limit, Message: msg})
	}
	return out, nil
}

// submitProblems words why case id could not be sent, field by field with
// the form's own limits and messages; nil when the form finds nothing.
func (a *API) submitProblems(r *http.Request, p access.Principal, id string) *errs.Error {
	c, _, err := a.Cases.Get(r.Context(), p, id)
	if err != nil {
		return nil
	}
	ps, err := a.problems(r, p, c)
	if err != nil || len(ps) == 0 {
		return nil
	}
	e := errs.E(errs.Invalid, "the application has errors")
	e.Fields = map[string]string{}
	for _, pr := range ps {
		if _, dup := e.Fields[pr.Field]; !dup {
			e.Fields[pr.Field] = pr.Message
		}
	}
	return e
}

// writeCaseError answers with err, its field messages translated: the case
// service names each field's problem by a message key (cases.error.deadline,
// file.error.too_large), which API clients get as text in their language.
func (a *API) writeCaseError(w http.ResponseWriter, r *http.Request, err error) {
	e, ok := errs.As(err)
	if !ok || len(e.Fields) == 0 {
		a.writeError(w, r, err)
		return
	}
	lang := messageLang(r)
	out := errs.Wrap(e.Kind, e.Message, err)
	out.Fields = map[string]string{}
	for field, msg := range e.Fields {
		if a.catalog.Has(lang, msg) {
			msg = a.catalog.T(lang, msg)
		}
		out.Fields[field] = msg
	}
	a.writeError(w, r, out)
}
