package cases

import (
	"context"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/db"
)

// Detail is a whole case on one page: for the customer's case view and the
// authority's case overview.
type Detail struct {
	Case        Case                `json:"case"`
	Role        Role                `json:"-"`
	Versions    []Version           `json:"versions"`
	History     []Change            `json:"history"`
	Attachments []Attachment        `json:"attachments"`
	Requests    []CompletionRequest `json:"completion_requests"`
	Decision    *Decision           `json:"decision,omitempty"`
	Obligations []Obligation        `json:"obligations"`
	Messages    []Message           `json:"messages"`
	Partners    []Partner           `json:"partners"`
	Timing      Timing              `json:"timing"`
	// Next lists the states p may move the case to by the state model.
	Next []State `json:"next,omitempty"`
}

// OpenRequest is the completion request still waiting for the customer.
func (d Detail) OpenRequest() *CompletionRequest {
	for i := len(d.Requests) - 1; i >= 0; i-- {
		if d.Requests[i].AnsweredAt == nil {
			return &d.Requests[i]
		}
	}
	return nil
}

// Current lists the attachments not removed.
func (d Detail) Current() []Attachment { return activeAttachments(d.Attachments) }

// Attachment finds an attachment of the case by id.
func (d Detail) Attachment(id string) (Attachment, bool) {
	for _, a := range d.Attachments {
		if a.ID == id {
			return a, true
		}
	}
	return Attachment{}, false
}

// Detail reads the whole case for p.
func (s *Service) Detail(ctx context.Context, p access.Principal, id string) (Detail, error) {
	c, r, err := s.Get(ctx, p, id)
	if err != nil {
		return Detail{}, err
	}
	d := Detail{Case: c, Role: r}
	err = s.db.Reading(ctx, func(q db.Queryer) error {
		var err error
		if d.Versions, err = versions(ctx, q, id); err != nil {
			return err
		}
		if d.History, err = history(ctx, q, id); err != nil {
			return err
		}
		if d.Attachments, err = attachments(ctx, q, id); err != nil {
			return err
		}
		if d.Requests, err = completionRequests(ctx, q, id); err != nil {
			return err
		}
		if d.Decision, err = decision(ctx, q, id); err != nil {
			return err
		}
		if d.Obligations, err = obligations(ctx, q, `case_id = $1`, id); err != nil {
			return err
		}
		if d.Messages, err = messages(ctx, q, id); err != nil {
			return err
		}
		d.Partners, err = partners(ctx, q, id)
		return err
	})
	if err != nil {
		return Detail{}, err
	}
	if d.Timing, err = s.Timing(ctx, c, d.History); err != nil {
		return Detail{}, err
	}
	by := side(r)
	if (by == Authority && r.Handle) || (by == Customer && r.Apply) {
		for _, st := range s.model.Next(c.State, by) {
			if st != Submitted && st != Complement && st != Decided {
				d.Next = append(d.Next, st)
			}
		}
	}
	d.Versions, d.History, d.Attachments = nonNil(d.Versions), nonNil(d.History), nonNil(d.Attachments)
	d.Requests, d.Obligations, d.Messages, d.Partners = nonNil(d.Requests), nonNil(d.Obligations), nonNil(d.Messages), nonNil(d.Partners)
	return d, nil
}
