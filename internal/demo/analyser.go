package demo

import (
	"context"
	"database/sql"
	"time"
)

// loadQuestionnaires writes the demo permit-need questionnaires. (Being written.)
func loadQuestionnaires(ctx context.Context, tx *sql.Tx, now time.Time, authorities map[string]string) error {
	return nil
}
