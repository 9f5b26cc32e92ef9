package registers

import (
	"context"
	"fmt"

	"github.com/luva-fi/luva/internal/registers/prh"
)

// Source gives the facts a register holds about the customer with a business
// ID. An unknown ID returns an error wrapping the source's not-found error
// (prh.ErrNotFound for PRH); the caller then simply asks every question.
type Source interface {
	Facts(ctx context.Context, businessID string) ([]Fact, error)
}

// PRH is the Source backed by PRH's open data API.
type PRH struct {
	Client *prh.Client
}

// NewPRH returns a Source reading through c.
func NewPRH(c *prh.Client) *PRH { return &PRH{Client: c} }

var _ Source = (*PRH)(nil)

// Facts looks the company up and returns FactsFromCompany of it.
func (s *PRH) Facts(ctx context.Context, businessID string) ([]Fact, error) {
	c, err := s.Client.Company(ctx, businessID)
	if err != nil {
		return nil, fmt.Errorf("facts from the business register: %w", err)
	}
	return FactsFromCompany(c), nil
}
