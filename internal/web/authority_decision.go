package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/cases"
)

// The decision form starts with this many obligation rows; "Add a row" adds
// one more at a time without JavaScript, up to the most a decision needs.
const (
	decisionRows    = 3
	decisionRowsMax = 20
)

type authorityDecisionData struct {
	Case     cases.Case
	Outcomes []string
	Rows     []decisionRow
	// Errors are the form's errors in the order of its fields.
	Errors []FieldError
	// Preview is set on the confirmation step: the decision as it will be
	// sent, and the form's values to post again.
	Preview *decisionPreview
	Hidden  []hiddenField
	Problem string
	// Closed says the case's state does not allow a decision now. After a
	// post the form stays, so that nothing typed is lost.
	Closed bool
}

// decisionRow is one obligation row: ID names its fields, N is its number
// for people.
type decisionRow struct {
	ID string
	N  int
}

// decisionPreview is the decision as the customer will get it.
type decisionPreview struct {
	cases.DecisionInput
}

// decisionForm is the decision form as posted: the values as typed, and the
// number of obligation rows.
type decisionForm struct {
	values map[string]string
	rows   int
}

func readDecisionForm(r *http.Request) decisionForm {
	f := decisionForm{values: map[string]string{}, rows: decisionRows}
	if n, err := strconv.Atoi(r.PostFormValue("rows")); err == nil && n > 0 {
		f.rows = min(n, decisionRowsMax)
	}
	for _, k := range []string{"outcome", "body", "conditions", "appeal"} {
		f.values[k] = strings.ReplaceAll(r.PostFormValue(k), "\r\n", "\n")
	}
	for i := range f.rows {
		n := strconv.Itoa(i)
		f.values["ob_title_"+n] = strings.TrimSpace(r.PostFormValue("ob_title_" + n))
		f.values["ob_due_"+n] = strings.TrimSpace(r.PostFormValue("ob_due_" + n))
		if r.PostFormValue("ob_yearly_"+n) != "" {
			f.values["ob_yearly_"+n] = "on"
		}
	}
	f.values["rows"] = strconv.Itoa(f.rows)
	return f
}

// input turns the form into the decision, with the errors the page can tell
// before the service checks it again: the same rules, so that the
// confirmation step never shows a decision the service would refuse.
func (f decisionForm) input() (cases.DecisionInput, map[string]string) {
	in := cases.DecisionInput{Outcome: f.values["outcome"], Body: strings.TrimSpace(f.values["body"]), Appeal: strings.TrimSpace(f.values["appeal"])}
	for _, line := range strings.Split(f.values["conditions"], "\n") {
		if line = strings.TrimSpace(line); line != "" {
			in.Conditions = append(in.Conditions, line)
		}
	}
	errors := map[string]string{}
	if !slices.Contains(cases.Outcomes(), in.Outcome) {
		errors["outcome"] = "cases.error.outcome"
	}
	if in.Body == "" {
		errors["body"] = "cases.error.body"
	}
	if in.Outcome == cases.Conditional && len(in.Conditions) == 0 {
		errors["conditions"] = "cases.error.conditions"
	}
	if in.Appeal == "" {
		errors["appeal"] = "cases.error.appeal"
	}
	for i := range f.rows {
		n := strconv.Itoa(i)
		title, dueText, yearly := f.values["ob_title_"+n], f.values["ob_due_"+n], f.values["ob_yearly_"+n] == "on"
		if title == "" && dueText == "" {
			continue // an empty row is no obligation, even with "yearly" ticked
		}
		due, ok := authorityDay(dueText)
		switch {
		case title == "":
			errors["ob_title_"+n] = "authority.error.ob_title"
		case dueText == "":
			errors["ob_due_"+n] = "authority.error.ob_due"
		case !ok:
			errors["ob_due_"+n] = "authority.error.date"
		}
		o := cases.ObligationInput{Title: title, Due: due}
		if yearly {
			o.Recurrence = "yearly"
		}
		in.Obligations = append(in.Obligations, o)
	}
	return in, errors
}

// hidden lists the form as hidden fields, for the confirmation step.
func (f decisionForm) hidden() []hiddenField {
	keys := []string{"outcome", "body", "conditions", "appeal", "rows"}
	for i := range f.rows {
		n := strconv.Itoa(i)
		keys = append(keys, "ob_title_"+n, "ob_due_"+n, "ob_yearly_"+n)
	}
	var out []hiddenField
	for _, k := range keys {
		if v := f.values[k]; v != "" {
			out = append(out, hiddenField{Name: k, Value: v})
		}
	}
	return out
}

func (h *Handler) authorityDecision(w http.ResponseWriter, r *http.Request, lang string) {
	f := decisionForm{values: map[string]string{"appeal": h.catalog.T(lang, "authority.decision.appeal_default")}, rows: decisionRows}
	h.renderAuthorityDecision(w, r, lang, http.StatusOK, f, nil, "", nil)
}

func (h *Handler) renderAuthorityDecision(w http.ResponseWriter, r *http.Request, lang string, status int, f decisionForm, errors map[string]string, problem string, preview *decisionPreview) {
	d, err := h.authorityDetail(r)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	data := authorityDecisionData{Case: d.Case, Outcomes: cases.Outcomes(), Problem: problem, Preview: preview,
		Closed: r.Method == http.MethodGet && !h.Cases.Model().Allows(d.Case.State, cases.Decided, cases.Authority)}
	order := []string{"outcome", "body", "conditions"}
	for i := range f.rows {
		n := strconv.Itoa(i)
		data.Rows = append(data.Rows, decisionRow{ID: n, N: i + 1})
		order = append(order, "ob_title_"+n, "ob_due_"+n)
	}
	f.values["rows"] = strconv.Itoa(f.rows)
	data.Errors = Page{Errors: errors}.ErrorList(append(order, "appeal")...)
	title := h.catalog.T(lang, "authority.decision.title")
	if preview != nil {
		data.Hidden = f.hidden()
		title = h.catalog.T(lang, "authority.decision.confirm_title")
	}
	h.pageStatus(w, r, status, "authority-decision", h.authorityPage(r, lang, title, data, f.values, errors))
}

// authorityDecisionSend handles the decision form's buttons: add an
// obligation row, preview the decision, go back to edit it, or give it.
func (h *Handler) authorityDecisionSend(w http.ResponseWriter, r *http.Request, lang string) {
	id := r.PathValue("id")
	f := readDecisionForm(r)
	action := r.PostFormValue("action")
	if action == "add_row" {
		f.rows = min(f.rows+1, decisionRowsMax)
		h.renderAuthorityDecision(w, r, lang, http.StatusOK, f, nil, "", nil)
		return
	}
	if action == "edit" {
		h.renderAuthorityDecision(w, r, lang, http.StatusOK, f, nil, "", nil)
		return
	}
	in, errors := f.input()
	if len(errors) > 0 {
		h.renderAuthorityDecision(w, r, lang, http.StatusUnprocessableEntity, f, errors, "", nil)
		return
	}
	if action != "confirm" {
		h.renderAuthorityDecision(w, r, lang, http.StatusOK, f, nil, "", &decisionPreview{DecisionInput: in})
		return
	}
	_, err := h.Cases.Decide(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), id, in)
	if err != nil {
		h.authorityFailed(w, r, lang, err, func(status int, errors map[string]string, problem string) {
			if key, ok := errors["obligations"]; ok {
				// The service names the obligations as a whole; the form
				// shows the error at the first row.
				delete(errors, "obligations")
				errors["ob_title_0"] = key
			}
			h.renderAuthorityDecision(w, r, lang, status, f, errors, problem, nil)
		})
		return
	}
	seeOther(w, r, authorityCasePath(lang, id), "decided")
}
