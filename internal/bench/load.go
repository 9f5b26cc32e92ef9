package bench

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Op is one operation of a virtual user: a page view, a send, a search. It
// keeps its user's state in its closure and reports a failure as an error.
type Op func(ctx context.Context) error

// step is an operation that may finish nothing (done false: a process
// still waiting for its task) or report its own latency, end to end, when
// that spans more than the call (took > 0).
type step func(ctx context.Context) (done bool, took time.Duration, err error)

// measured makes an Op a step timed by its call.
func measured(op Op) step {
	return func(ctx context.Context) (bool, time.Duration, error) { return true, 0, op(ctx) }
}

// Counter counts the HTTP requests made, and those that write, across every
// virtual user; a run reads it before and after.
type Counter struct {
	requests, writes atomic.Int64
}

func (c *Counter) add(write bool) {
	if c == nil {
		return
	}
	c.requests.Add(1)
	if write {
		c.writes.Add(1)
	}
}

func (c *Counter) read() (requests, writes int) {
	if c == nil {
		return 0, 0
	}
	return int(c.requests.Load()), int(c.writes.Load())
}

// maxErrorSamples bounds the error messages a summary keeps: enough to see
// what went wrong without a page of the same line.
const maxErrorSamples = 5

// drive runs ops, one goroutine per virtual user, each doing its op again
// and again until the duration has passed or ctx ends, and summarises them.
// Every user runs its own op so that state (a draft, a cursor) is never
// shared; c counts the requests they make.
func drive(ctx context.Context, ops []step, d time.Duration, c *Counter) Summary {
	type result struct {
		ok   Latencies
		errs int
		msgs []string
	}
	results := make([]result, len(ops))
	req0, wr0 := c.read()
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for i, op := range ops {
		wg.Go(func() {
			r := &results[i]
			for ctx.Err() == nil && time.Now().Before(deadline) {
				began := time.Now()
				done, took, err := op(ctx)
				if took == 0 {
					took = time.Since(began)
				}
				if err != nil {
					if ctx.Err() != nil {
						return // cut off by the caller, not a failure of the server
					}
					r.errs++
					if len(r.msgs) < maxErrorSamples {
						r.msgs = append(r.msgs, err.Error())
					}
					continue
				}
				if done {
					r.ok = append(r.ok, took)
				}
			}
		})
	}
	wg.Wait()
	took := time.Since(start)
	req1, wr1 := c.read()
	var all Latencies
	var errs int
	var msgs []string
	seen := map[string]bool{}
	for _, r := range results {
		all = append(all, r.ok...)
		errs += r.errs
		for _, m := range r.msgs {
			if !seen[m] && len(msgs) < maxErrorSamples {
				seen[m] = true
				msgs = append(msgs, m)
			}
		}
	}
	s := summarise(all, errs, req1-req0, wr1-wr0, took)
	s.FirstErrs = msgs
	return s
}
