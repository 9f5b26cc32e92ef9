package obligations

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/errs"
)

// FeedStatus says whether the party p acts for has a calendar feed. The
// address itself is shown only when it is made: only its hash is kept.
type FeedStatus struct {
	Active    bool       `json:"active"`
	CreatedAt *time.Time `json:"created_at,omitempty"`
}

// Feed tells whether p has a calendar feed for the party they act for.
func (s *Service) Feed(ctx context.Context, p access.Principal) (FeedStatus, error) {
	pt, err := partyOf(p, false)
	if err != nil {
		return FeedStatus{}, err
	}
	var at time.Time
	err = s.db.Read.QueryRowContext(ctx, `SELECT created_at FROM obligation_feeds WHERE person_id = $1 AND acting_for = $2`,
		pt.personID, pt.actingFor).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return FeedStatus{}, nil
	}
	if err != nil {
		return FeedStatus{}, fmt.Errorf("read the calendar feed of %s: %w", pt.personID, err)
	}
	return FeedStatus{Active: true, CreatedAt: &at}, nil
}

// RotateFeed makes a new secret token for p's feed and returns it; the old
// address stops working at once.
func (s *Service) RotateFeed(ctx context.Context, p access.Principal, req access.Request) (string, error) {
	pt, err := partyOf(p, false)
	if err != nil {
		return "", err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make a feed token: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	now := s.clock.Now()
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM obligation_feeds WHERE person_id = $1 AND acting_for = $2`, pt.personID, pt.actingFor); err != nil {
			return fmt.Errorf("remove the old calendar feed: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO obligation_feeds (token_hash, person_id, acting_for, created_at) VALUES ($1, $2, $3, $4)`,
			hashToken(token), pt.personID, pt.actingFor, utc(now)); err != nil {
			return fmt.Errorf("store the calendar feed: %w", err)
		}
		return audit.Record(ctx, tx, s.db.Dialect, now, p, req, "obligation.feed.rotate", "person", pt.personID, "ok", nil)
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// StopFeed removes p's feed: its address answers "not found" from then on.
func (s *Service) StopFeed(ctx context.Context, p access.Principal, req access.Request) error {
	pt, err := partyOf(p, false)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM obligation_feeds WHERE person_id = $1 AND acting_for = $2`, pt.personID, pt.actingFor); err != nil {
			return fmt.Errorf("remove the calendar feed: %w", err)
		}
		return audit.Record(ctx, tx, s.db.Dialect, now, p, req, "obligation.feed.stop", "person", pt.personID, "ok", nil)
	})
}

// FeedContent is what a calendar feed holds: the open duties of one party, in
// the language of the person whose feed it is.
type FeedContent struct {
	PersonID    string
	ActingFor   string
	Lang        string
	Obligations []Obligation
}

// FeedByToken reads the feed whose address carries token. An unknown token,
// and a company feed whose mandate has ended, are NotFound.
func (s *Service) FeedByToken(ctx context.Context, token string) (FeedContent, error) {
	var f FeedContent
	if token == "" || len(token) > 100 {
		return f, errs.E(errs.NotFound, "no such feed")
	}
	err := s.db.Read.QueryRowContext(ctx, `SELECT f.person_id, f.acting_for, p.lang FROM obligation_feeds f JOIN persons p ON p.id = f.person_id
WHERE f.token_hash = $1`, hashToken(token)).Scan(&f.PersonID, &f.ActingFor, &f.Lang)
	if errors.Is(err, sql.ErrNoRows) {
		return f, errs.E(errs.NotFound, "no such feed")
	}
	if err != nil {
		return f, fmt.Errorf("read a calendar feed: %w", err)
	}
	pt := party{personID: f.PersonID, actingFor: f.ActingFor}
	if f.ActingFor != "" {
		ok, err := s.mandated(ctx, f.PersonID, f.ActingFor)
		if err != nil {
			return f, err
		}
		if !ok {
			return f, errs.E(errs.NotFound, "no such feed")
		}
	}
	cond, args := pt.where(1)
	if f.Obligations, err = list(ctx, s.db.Read, cond+` AND o.done_at IS NULL`, "", args...); err != nil {
		return f, err
	}
	return f, nil
}

// mandated reports whether the person still may see the organisation's
// duties: a mandate to view or apply, in force now.
func (s *Service) mandated(ctx context.Context, personID, org string) (bool, error) {
	var rights string
	var until sql.NullTime
	err := s.db.Read.QueryRowContext(ctx, `SELECT rights, valid_until FROM mandates WHERE person_id = $1 AND organisation_id = $2`,
		personID, org).Scan(&rights, &until)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read the mandate of %s for %s: %w", personID, org, err)
	}
	rs := strings.Split(rights, ",")
	inForce := !until.Valid || s.clock.Now().Before(until.Time)
	return inForce && (slices.Contains(rs, string(access.RightView)) || slices.Contains(rs, string(access.RightApply))), nil
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
