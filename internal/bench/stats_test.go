package bench

import (
	"testing"
	"time"
)

func TestPercentilesByNearestRank(t *testing.T) {
	var ls Latencies
	for i := 100; i >= 1; i-- { // out of order, as workers finish
		ls = append(ls, time.Duration(i)*time.Millisecond)
	}
	s := ls.Sorted()
	for _, tc := range []struct {
		p    float64
		want time.Duration
	}{
		{0, time.Millisecond},
		{50, 50 * time.Millisecond},
		{90, 90 * time.Millisecond},
		{99, 99 * time.Millisecond},
		{99.9, 100 * time.Millisecond},
		{100, 100 * time.Millisecond},
	} {
		if got := s.Percentile(tc.p); got != tc.want {
			t.Errorf("p%v of 1..100 ms = %v, want %v", tc.p, got, tc.want)
		}
	}
	if ls[0] != 100*time.Millisecond {
		t.Error("Sorted changed the latencies it was called on")
	}
}

func TestPercentileOfFewAndOfNone(t *testing.T) {
	if got := (Latencies{}).Percentile(99); got != 0 {
		t.Errorf("p99 of nothing = %v, want 0", got)
	}
	one := Latencies{7 * time.Millisecond}
	if got := one.Percentile(1); got != 7*time.Millisecond {
		t.Errorf("p1 of one = %v", got)
	}
	two := Latencies{time.Millisecond, 3 * time.Millisecond}
	if got := two.Percentile(50); got != time.Millisecond {
		t.Errorf("p50 of two = %v, want the lower", got)
	}
	if got := two.Percentile(99); got != 3*time.Millisecond {
		t.Errorf("p99 of two = %v, want the higher", got)
	}
}

func TestSummaryRatesOverTheSpan(t *testing.T) {
	ls := Latencies{2 * time.Millisecond, 4 * time.Millisecond, 6 * time.Millisecond, 8 * time.Millisecond}
	s := summarise(ls, 1, 12, 4, 2*time.Second)
	if s.Ops != 4 || s.Errors != 1 || s.OpsPS != 2 || s.ReqPS != 6 || s.WritesPS != 2 {
		t.Errorf("summary %+v: want 4 ops, 1 error, 2 ops/s, 6 requests/s, 2 writes/s", s)
	}
	if s.P50ms != 4 || s.P99ms != 8 || s.Maxms != 8 {
		t.Errorf("summary %+v: want p50 4 ms, p99 8 ms, max 8 ms", s)
	}
	if z := summarise(nil, 0, 0, 0, 0); z.OpsPS != 0 || z.P99ms != 0 {
		t.Errorf("empty summary %+v", z)
	}
}
