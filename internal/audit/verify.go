package audit

import (
	"context"
	"fmt"

	"github.com/luva-fi/luva/internal/db"
)

// VerifyResult is what Verify found.
type VerifyResult struct {
	// Checked counts the entries found intact, in id order, before the first
	// broken one.
	Checked int
	// FirstBrokenID is the id of the first entry that breaks the chain, or 0
	// when the chain is intact.
	FirstBrokenID int64
	// Reason says in English how that entry breaks the chain; empty when intact.
	Reason string
}

// OK reports whether the chain is intact.
func (r VerifyResult) OK() bool { return r.FirstBrokenID == 0 }

// Verify walks the audit log in id order and finds the first entry whose hash
// does not match its content (it was edited) or whose prev_hash is not the
// hash of the entry before it (an entry before it was deleted, edited and
// rehashed, or moved). Entries removed from the end of the log leave a valid
// chain and go unnoticed; see the package documentation.
//
// Verify reads one entry at a time, so the size of the log does not matter.
// The error is for a database that could not be read; a broken chain is a
// result, not an error.
func Verify(ctx context.Context, d *db.DB) (VerifyResult, error) {
	rows, err := d.Read.QueryContext(ctx, selectEntries+" ORDER BY id")
	if err != nil {
		return VerifyResult{}, fmt.Errorf("verify audit log: %w", err)
	}
	defer rows.Close()
	var res VerifyResult
	prev := Entry{Hash: GenesisHash}
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return res, fmt.Errorf("verify audit log: read entry after %d: %w", prev.ID, err)
		}
		if reason := broken(prev, e); reason != "" {
			res.FirstBrokenID, res.Reason = e.ID, reason
			return res, nil
		}
		res.Checked++
		prev = e
	}
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("verify audit log: %w", err)
	}
	return res, nil
}

// broken says how e fails to follow prev, or returns "". The content is
// checked first, so that an edited entry is named as edited even when the
// edit was to its prev_hash.
func broken(prev, e Entry) string {
	switch {
	case hashOf(e) != e.Hash:
		return fmt.Sprintf("entry %d was changed: its hash does not match its content", e.ID)
	case e.PrevHash == prev.Hash:
		return ""
	case prev.ID == 0:
		return fmt.Sprintf("entry %d does not start the chain: an entry before it was deleted or changed", e.ID)
	}
	return fmt.Sprintf("entry %d does not follow entry %d: an entry before it was deleted or changed", e.ID, prev.ID)
}
