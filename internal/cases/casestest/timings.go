package casestest

import (
	"slices"
	"testing"
	"time"
)

// Timings collects the durations of single operations, because a benchmark's
// ns/op is a mean and hides the slow tail a user waits through.
type Timings []time.Duration

// Percentile returns the duration at or below which p (0–100) percent of the
// operations finished, by the nearest-rank method.
func (ts Timings) Percentile(p float64) time.Duration {
	if len(ts) == 0 {
		return 0
	}
	s := slices.Clone(ts)
	slices.Sort(s)
	rank := int(p/100*float64(len(s))+0.5) - 1
	return s[min(max(rank, 0), len(s)-1)]
}

// Report reports the 50th and 99th percentile in milliseconds as the
// benchmark's p50-ms and p99-ms.
func (ts Timings) Report(b *testing.B) {
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(ts.Percentile(50)), "p50-ms")
	b.ReportMetric(ms(ts.Percentile(99)), "p99-ms")
}
