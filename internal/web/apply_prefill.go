package web

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/forms"
	"github.com/luva-fi/luva/internal/registers"
)

// registerTimeout bounds how long a page waits for the registers: a slow
// register must not hold up the form, which works without it.
const registerTimeout = 3 * time.Second

// prefillValues gathers what is already known of the party p acts for
// (functions 22a and 22b): the registers' values and the answers of the
// party's latest sent application. A register or a lookup that fails is
// logged and left out; prefilling never blocks the application.
func (h *Handler) prefillValues(ctx context.Context, p access.Principal) []forms.Prefilled {
	var out []forms.Prefilled
	if h.Fill != nil {
		s := registers.Subject{PersonID: p.PersonID}
		if p.ActingFor != "" {
			org, err := h.People.Organisation(ctx, p.ActingFor)
			if err != nil {
				h.log.WarnContext(ctx, "prefill: read the organisation acted for", "organisation", p.ActingFor, "err", err)
			}
			s.BusinessID = org.BusinessID
		}
		fillCtx, cancel := context.WithTimeout(ctx, registerTimeout)
		vals, err := h.Fill.Fill(fillCtx, s)
		cancel()
		if err != nil {
			h.log.WarnContext(ctx, "prefill: a register did not answer", "err", err)
		}
		for _, v := range vals {
			out = append(out, forms.Prefilled{Key: v.Key, Value: v.Value, Source: v.Source, SourceLabel: forms.Texts(v.SourceLabel)})
		}
	}
	earlier, err := h.Cases.Earlier(ctx, p)
	if err != nil {
		h.log.WarnContext(ctx, "prefill: read earlier answers", "err", err)
	}
	return append(out, earlier...)
}

// prefillDraft fills the empty fields of a new draft from what is known and
// saves it, returning the draft as saved.
func (h *Handler) prefillDraft(ctx context.Context, p access.Principal, c cases.Case) (cases.Case, error) {
	f, err := h.Cases.Form(ctx, c)
	if err != nil {
		return c, fmt.Errorf("form of case %s: %w", c.ID, err)
	}
	vals := h.prefillValues(ctx, p)
	if len(vals) == 0 {
		return c, nil
	}
	answers, marks := f.Prefill(forms.Answers(c.Answers), vals)
	if len(marks) == 0 {
		return c, nil
	}
	saved, err := h.Cases.SaveAnswers(ctx, p, c.ID, answers)
	if err != nil {
		return c, fmt.Errorf("save the prefilled answers of case %s: %w", c.ID, err)
	}
	return saved, nil
}

// prefillMarks says which answers still hold what was prefilled, and where
// it came from, so the page can tell the customer. Nothing is stored: the
// marks are worked out again, and an answer the customer changed loses its
// mark. Only the customer's own case is prefilled; partners see no marks.
func (h *Handler) prefillMarks(ctx context.Context, p access.Principal, f *forms.Compiled, c cases.Case, role cases.Role) map[string]forms.Mark {
	if !role.Customer {
		return nil
	}
	known, marks := f.Prefill(forms.Answers{}, h.prefillValues(ctx, p))
	for id := range marks {
		if !equalJSON(known[id], c.Answers[id]) {
			delete(marks, id)
		}
	}
	return marks
}

// equalJSON compares two answers as they are stored: values read back from
// the database are JSON, values from a register are Go maps and strings.
func equalJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}
