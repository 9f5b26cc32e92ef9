// Package clock gives the rest of luva its notion of "now", so that deadlines,
// timers and processing times can be tested at any moment of the year.
package clock

import (
	"sync"
	"time"
)

// Clock tells the current time.
type Clock interface {
	Now() time.Time
}

// Real is the wall clock.
type Real struct{}

// Now returns the current wall-clock time.
func (Real) Now() time.Time { return time.Now() }

// Settable is a clock that stands still until it is set or advanced. Tests use it
// to put "now" wherever the case under test needs it.
type Settable struct {
	mu  sync.Mutex
	now time.Time
}

// NewSettable returns a clock that reads t until told otherwise.
func NewSettable(t time.Time) *Settable { return &Settable{now: t} }

// Now returns the time the clock was last set to.
func (c *Settable) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *Settable) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Advance moves the clock forward by d and returns the new time.
func (c *Settable) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}
