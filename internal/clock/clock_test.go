package clock_test

import (
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/clock"
)

func TestSettableClockStandsStillUntilMoved(t *testing.T) {
	start := time.Date(2026, 6, 19, 12, 0, 0, 0, time.UTC)
	c := clock.NewSettable(start)
	first := c.Now()
	if !first.Equal(start) || !c.Now().Equal(first) {
		t.Fatalf("Now() = %v, want %v every time", c.Now(), start)
	}
	if got := c.Advance(36 * time.Hour); !got.Equal(start.Add(36*time.Hour)) || !c.Now().Equal(got) {
		t.Errorf("after Advance: %v", c.Now())
	}
	later := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	c.Set(later)
	if !c.Now().Equal(later) {
		t.Errorf("after Set: %v, want %v", c.Now(), later)
	}
	var _ clock.Clock = clock.Real{}
	if d := time.Since(clock.Real{}.Now()); d < 0 || d > time.Minute {
		t.Errorf("the real clock is off by %v", d)
	}
}
