package cases

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/luva-fi/luva/internal/workdays"
)

// Timing is a case's processing time in working days: the authority's time
// so far (pauses excluded), the time it waited for the customer, and the
// statutory and target times it is measured against.
type Timing struct {
	Started       bool `json:"started"`
	WorkingDays   int  `json:"working_days"`
	PausedDays    int  `json:"paused_days"`
	Running       bool `json:"running"`
	Paused        bool `json:"paused"`
	StatutoryDays int  `json:"statutory_days"`
	TargetDays    int  `json:"target_days"`
	// Estimate is when the decision is expected, while none is given.
	Estimate *Estimate `json:"estimate,omitempty"`
}

// OverTarget reports whether the case has taken longer than its target time.
func (t Timing) OverTarget() bool { return t.TargetDays > 0 && t.WorkingDays > t.TargetDays }

// OverStatutory reports whether the case has taken longer than the law allows.
func (t Timing) OverStatutory() bool { return t.StatutoryDays > 0 && t.WorkingDays > t.StatutoryDays }

// Estimate is when a decision is expected. With enough decided cases of the
// same service at the same authority it rests on their processing times
// (median and 80th percentile, pauses excluded); otherwise on the target time.
type Estimate struct {
	FromHistory bool      `json:"from_history"`
	Samples     int       `json:"samples"`
	MedianDays  int       `json:"median_days"`
	P80Days     int       `json:"p80_days"`
	Median      time.Time `json:"median"`
	P80         time.Time `json:"p80"`
}

// minSamples is the fewest decided cases an estimate from history rests on;
// below it the target time is the better guide.
const minSamples = 5

// timing walks the case's history, counting each interval by the clock of the
// state the case was in.
func (s *Service) timing(c Case, hist []Change, now time.Time) Timing {
	t := Timing{StatutoryDays: c.StatutoryDays, TargetDays: c.TargetDays}
	if len(hist) == 0 {
		return t
	}
	state, since := hist[0].From, c.CreatedAt
	count := func(until time.Time) {
		def, _ := s.model.Def(state)
		switch def.Clock {
		case ClockRuns:
			t.WorkingDays += s.cal.WorkingDaysBetween(since, until)
		case ClockPaused:
			t.PausedDays += s.cal.WorkingDaysBetween(since, until)
		}
	}
	for _, ch := range hist {
		count(ch.At)
		state, since = ch.To, ch.At
		if def, _ := s.model.Def(state); def.Clock != ClockOff {
			t.Started = true
		}
	}
	count(now)
	def, _ := s.model.Def(state)
	t.Running, t.Paused = def.Clock == ClockRuns, def.Clock == ClockPaused
	return t
}

// Timing returns the case's processing time now, with the estimate of when
// its decision will come while it is being processed.
func (s *Service) Timing(ctx context.Context, c Case, hist []Change) (Timing, error) {
	now := s.clock.Now()
	t := s.timing(c, hist, now)
	if !t.Running && !t.Paused {
		return t, nil
	}
	days, err := s.decidedDays(ctx, c.Service, c.Authority)
	if err != nil {
		return Timing{}, err
	}
	e := &Estimate{Samples: len(days)}
	switch {
	case len(days) >= minSamples:
		e.FromHistory = true
		e.MedianDays, e.P80Days = percentile(days, 50), percentile(days, 80)
	case c.TargetDays > 0:
		e.MedianDays, e.P80Days = c.TargetDays, max(c.TargetDays, c.StatutoryDays)
	default:
		return t, nil
	}
	// The estimate counts on from today: the days already used are spent, and
	// a paused case resumes only when the customer answers.
	e.Median = s.cal.AddWorkingDays(now, max(e.MedianDays-t.WorkingDays, 1))
	e.P80 = s.cal.AddWorkingDays(now, max(e.P80Days-t.WorkingDays, 1))
	t.Estimate = e
	return t, nil
}

// processingTimesTTL is how long the processing times behind an estimate
// are reused. Profiling the case view (luva bench, status scenario) showed
// a fifth of its time reading the same 200 decided cases for every view of
// every case of a service; an estimate in days hardly moves in minutes.
const processingTimesTTL = 5 * time.Minute

// processingTimes keeps recent processing times by service and authority.
// A decision made here forgets its service's times at once; one made on
// another node shows within the TTL.
type processingTimes struct {
	mu sync.Mutex
	m  map[[2]string]timesEntry
}

type timesEntry struct {
	days []int
	read time.Time
}

func (p *processingTimes) get(key [2]string, now time.Time) ([]int, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	e, ok := p.m[key]
	if !ok || now.Sub(e.read) > processingTimesTTL || now.Before(e.read) {
		return nil, false
	}
	return e.days, true
}

func (p *processingTimes) put(key [2]string, days []int, now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m == nil {
		p.m = make(map[[2]string]timesEntry)
	}
	p.m[key] = timesEntry{days: days, read: now}
}

func (p *processingTimes) forget(key [2]string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.m, key)
}

// decidedDays lists the processing times of the latest decided cases of the
// service at the authority.
func (s *Service) decidedDays(ctx context.Context, service, authority string) ([]int, error) {
	key, now := [2]string{service, authority}, s.clock.Now()
	if days, ok := s.times.get(key, now); ok {
		return days, nil
	}
	days, err := s.readDecidedDays(ctx, service, authority)
	if err != nil {
		return nil, err
	}
	s.times.put(key, days, now)
	return days, nil
}

func (s *Service) readDecidedDays(ctx context.Context, service, authority string) ([]int, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT processing_days FROM cases
WHERE service_id = $1 AND authority_org = $2 AND processing_days IS NOT NULL ORDER BY decided_at DESC LIMIT 200`, service, authority)
	if err != nil {
		return nil, fmt.Errorf("read processing times of service %s: %w", service, err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var d int
		if err := rows.Scan(&d); err != nil {
			return nil, fmt.Errorf("scan processing time: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// percentile is the nearest-rank percentile of days.
func percentile(days []int, p int) int {
	sorted := slices.Sorted(slices.Values(days))
	rank := (p*len(sorted) + 99) / 100
	return sorted[max(rank-1, 0)]
}

func helsinki() *time.Location { return workdays.Location() }
