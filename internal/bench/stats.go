package bench

import (
	"slices"
	"time"
)

// Latencies are the durations of single operations. A mean hides the slow
// tail a user waits through, so the report gives percentiles.
type Latencies []time.Duration

// Percentile returns the duration at or below which p (0–100) percent of the
// operations finished, by the nearest-rank method. The receiver must be
// sorted (see Sorted); an empty set gives 0.
func (ls Latencies) Percentile(p float64) time.Duration {
	if len(ls) == 0 {
		return 0
	}
	rank := int(p/100*float64(len(ls))+0.5) - 1
	return ls[min(max(rank, 0), len(ls)-1)]
}

// Sorted returns the latencies in ascending order, leaving the receiver as
// it was.
func (ls Latencies) Sorted() Latencies {
	s := slices.Clone(ls)
	slices.Sort(s)
	return s
}

// Summary is what a set of operations over a span of time amounts to.
type Summary struct {
	Ops    int     `json:"ops"`
	Errors int     `json:"errors"`
	OpsPS  float64 `json:"ops_per_s"`
	// Requests counts the HTTP requests the operations made (one operation
	// may make several, as a send does); Writes those that change data.
	Requests  int      `json:"requests"`
	ReqPS     float64  `json:"requests_per_s"`
	Writes    int      `json:"writes"`
	WritesPS  float64  `json:"writes_per_s"`
	P50ms     float64  `json:"p50_ms"`
	P90ms     float64  `json:"p90_ms"`
	P99ms     float64  `json:"p99_ms"`
	Maxms     float64  `json:"max_ms"`
	Seconds   float64  `json:"seconds"`
	FirstErrs []string `json:"first_errors,omitempty"`
}

// summarise makes the summary of successful operations' latencies over
// took.
func summarise(ls Latencies, errors, requests, writes int, took time.Duration) Summary {
	s := ls.Sorted()
	secs := took.Seconds()
	rate := func(n int) float64 {
		if secs <= 0 {
			return 0
		}
		return float64(n) / secs
	}
	out := Summary{Ops: len(s), Errors: errors, OpsPS: rate(len(s)), Requests: requests, ReqPS: rate(requests),
		Writes: writes, WritesPS: rate(writes), Seconds: secs,
		P50ms: ms(s.Percentile(50)), P90ms: ms(s.Percentile(90)), P99ms: ms(s.Percentile(99))}
	if len(s) > 0 {
		out.Maxms = ms(s[len(s)-1])
	}
	return out
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
