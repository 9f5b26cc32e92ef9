package audit

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/db"
)

// Record appends, in tx, the entry for what the principal did through the
// request: the usual way domain services write the log.
func Record(ctx context.Context, tx *sql.Tx, d db.Dialect, now time.Time, p access.Principal, req access.Request,
	action, targetType, targetID, outcome string, detail any) error {
	e := Entry{At: now, ActorID: p.PersonID, ActorName: p.Name, ActingFor: p.ActingFor, Action: action,
		TargetType: targetType, TargetID: targetID, Route: req.Route, IP: req.IP, Outcome: outcome}
	if detail != nil {
		b, err := json.Marshal(detail)
		if err != nil {
			return fmt.Errorf("audit detail of %s: %w", action, err)
		}
		e.Detail = string(b)
	}
	_, err := Append(ctx, tx, d, e)
	return err
}
