package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// The process scenario measures completed event-notice processes per
// second through the API alone: a customer sends a public event notice,
// luva starts the demo process "public-event-notice" from the outbox, the
// police officer finds the check task and completes it with the default
// choice, and the engine runs on through setting the case in processing and
// sending the acknowledgement to the end. Each virtual user keeps up to
// processPipeline notices in flight, because the engine starts instances
// from the outbox a moment after the send (the consumer polls once a
// second when idle): one notice at a time would measure that wait, not the
// engine.
const processPipeline = 4

// processTimeout is how long a sent notice may wait for its task before the
// scenario counts it as failed.
const processTimeout = 60 * time.Second

type sentNotice struct {
	id, number string
	at         time.Time
}

type processUser struct {
	u       *user
	pending []sentNotice
}

func newProcessUser(u *user) *processUser { return &processUser{u: u} }

// op completes the oldest notice's task when the engine has opened it,
// else sends another notice while the pipeline has room, else waits a
// moment. Completing comes first, so that a slow server is not buried in
// sends. Only completions count; their latency runs from the send to the
// process's end.
func (p *processUser) op(ctx context.Context) (bool, time.Duration, error) {
	if len(p.pending) > 0 {
		oldest := p.pending[0]
		task, err := p.task(ctx, oldest.number)
		if err != nil {
			return false, 0, err
		}
		if task != "" {
			if err := p.complete(ctx, task); err != nil {
				return false, 0, err
			}
			p.pending = p.pending[1:]
			p.u.w.lastProcessCase.Store(&oldest.id)
			return true, time.Since(oldest.at), nil
		}
		if time.Since(oldest.at) > processTimeout {
			p.pending = p.pending[1:]
			return false, 0, fmt.Errorf("case %s: no check task %s after it was sent", oldest.number, processTimeout)
		}
	}
	if len(p.pending) < processPipeline {
		n, err := p.send(ctx)
		if err != nil {
			return false, 0, err
		}
		p.pending = append(p.pending, n)
		return false, 0, nil
	}
	select { // the pipeline is full: give the engine a moment
	case <-ctx.Done():
	case <-time.After(20 * time.Millisecond):
	}
	return false, 0, nil
}

// send sends a public event notice with its site plan.
func (p *processUser) send(ctx context.Context) (sentNotice, error) {
	u := p.u
	c := u.customer
	at := time.Now()
	var draft caseBody
	if err := c.postJSON(ctx, "POST", "/api/v1/applications", startBody(eventService), http.StatusCreated, &draft); err != nil {
		return sentNotice{}, err
	}
	if err := c.postJSON(ctx, "PUT", "/api/v1/applications/"+draft.ID+"/answers", map[string]any{"answers": u.w.event}, http.StatusOK, nil); err != nil {
		return sentNotice{}, err
	}
	if err := u.attach(ctx, draft.ID, u.w.smallPlan); err != nil {
		return sentNotice{}, err
	}
	var sent caseBody
	if err := c.call(ctx, "POST", "/api/v1/applications/"+draft.ID+"/submit", "", nil, nil, http.StatusOK, &sent); err != nil {
		return sentNotice{}, err
	}
	return sentNotice{id: sent.ID, number: sent.Number, at: at}, nil
}

// task finds the open check task of the case: "" while the engine has not
// opened it yet.
func (p *processUser) task(ctx context.Context, number string) (string, error) {
	q := url.Values{"view": {"available"}, "org": {p.u.w.policeOrg}, "case": {number}}
	var list struct {
		Items []struct {
			ID        string `json:"id"`
			ElementID string `json:"element_id"`
		} `json:"items"`
	}
	if err := p.u.w.police.get(ctx, "/api/v1/tasks?"+q.Encode(), &list); err != nil {
		return "", err
	}
	for _, t := range list.Items {
		if t.ElementID == "check" {
			return t.ID, nil
		}
	}
	return "", nil
}

// complete completes the check task with the choice that acknowledges the
// notice, which the first task tells and the rest reuse.
func (p *processUser) complete(ctx context.Context, task string) error {
	w := p.u.w
	choice := w.ackChoice.Load()
	if choice == nil {
		var t struct {
			Choices []struct {
				ID      string `json:"id"`
				Default bool   `json:"default"`
			} `json:"choices"`
		}
		if err := w.police.get(ctx, "/api/v1/tasks/"+task, &t); err != nil {
			return err
		}
		id := ""
		for _, ch := range t.Choices {
			if ch.Default {
				id = ch.ID
			}
		}
		w.ackChoice.Store(&id)
		choice = &id
	}
	return w.police.postJSON(ctx, "POST", "/api/v1/tasks/"+task+"/complete", map[string]string{"choice": *choice}, http.StatusOK, nil)
}

// checkProcessEnded asks whether the process of the last case whose task
// was completed has ended, so that the report does not count completions
// of a process that stops half way.
func (w *world) checkProcessEnded(ctx context.Context) (string, error) {
	id := w.lastProcessCase.Load()
	if id == nil {
		return "", nil
	}
	q := url.Values{"org": {w.policeOrg}, "case": {*id}}
	var list struct {
		Items []struct {
			State string `json:"state"`
		} `json:"items"`
	}
	if err := w.police.get(ctx, "/api/v1/process-instances?"+q.Encode(), &list); err != nil {
		return "", err
	}
	if len(list.Items) == 0 {
		return "", fmt.Errorf("case %s has no process instance", *id)
	}
	return list.Items[0].State, nil
}
