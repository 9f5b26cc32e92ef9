package api_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/app"
	"github.com/luva-fi/luva/internal/db/dbtest"
)

// workTaskJSON is a task as the API shows it.
type workTaskJSON struct {
	ID, State, Role, Unit string
	AssigneeName          string `json:"assignee_name"`
	Claimable             bool
	Choices               []struct {
		ID      string
		Default bool
	}
}

// TestTheWorkAPI sends a noise notification, whose process opens a review
// in Helsinki's queue, and works it over HTTP: the handler lists it among
// the tasks to claim, the manager sets a round-robin rule that also gives
// it to the handler, sees the queue and the load and gives the task back
// to the queue; the handler claims it and completes it, after a refused
// completion without a choice.
func TestTheWorkAPI(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			cfg := dbtest.Config(t, d)
			a, err := app.Open(context.Background(), app.Config{DataDir: t.TempDir(), DatabaseURL: cfg.URL, Demo: true, Version: "test"})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { a.Close(context.Background()) })
			srv := httptest.NewServer(a.Handler())
			t.Cleanup(srv.Close)
			base := srv.URL
			maija, handler, manager := apiSignIn(t, base, "maija"), apiSignIn(t, base, "kasittelija"), apiSignIn(t, base, "esihenkilo")

			res, body := maija.call("POST", "/api/v1/applications", `{"service":"ta-noise-notification","municipality":"091","lang":"fi"}`)
			c := into[caseJSON](t, "start", 201, res, body)
			appPath := "/api/v1/applications/" + c.ID
			res, body = maija.send("POST", appPath+"/attachments?field=site_plan&name=plan.pdf", strings.NewReader(minimalPDF), "Content-Type", "application/pdf")
			into[struct{ ID string }](t, "attach the site plan", 201, res, body)
			if res, body := maija.call("PUT", appPath+"/answers", noiseAnswers); res.StatusCode != 200 {
				t.Fatalf("save the answers: %d %s", res.StatusCode, body)
			}
			res, body = maija.call("POST", appPath+"/submit", "")
			c = into[caseJSON](t, "send", 200, res, body)
			// The process starts when luva serve's consumer hands the
			// engine the case's event; here the test does. On a busy
			// PostgreSQL the demo's own sent cases may start processes
			// too, so the test looks at its own case's task.
			var taskID string
			for deadline := time.Now().Add(20 * time.Second); taskID == ""; time.Sleep(20 * time.Millisecond) {
				if _, err := a.ProcessConsumer().Round(t.Context()); err != nil {
					t.Fatal(err)
				}
				a.DB.Read.QueryRow(`SELECT id FROM process_tasks WHERE case_id = $1`, c.ID).Scan(&taskID)
				if time.Now().After(deadline) {
					t.Fatal("the review did not open")
				}
			}

			res, body = handler.call("GET", "/api/v1/tasks?view=available&case="+c.Number, "")
			list := into[struct {
				Items []workTaskJSON
				Total int
			}](t, "tasks to claim", 200, res, body)
			if list.Total != 1 || list.Items[0].ID != taskID || !list.Items[0].Claimable {
				t.Fatalf("tasks to claim: %s", body)
			}
			if res, body := handler.call("GET", "/api/v1/tasks?due=someday", ""); res.StatusCode != 422 || fieldsOf(t, body)["due"] == "" {
				t.Errorf("an unknown due filter: %d %s", res.StatusCode, body)
			}
			res, body = handler.call("GET", "/api/v1/tasks/"+taskID, "")
			task := into[workTaskJSON](t, "the task", 200, res, body)
			if len(task.Choices) != 2 || !task.Choices[1].Default {
				t.Errorf("the review's choices: %s", body)
			}

			org := c.Authority
			rule := `{"role":"case_handler","unit":"` + task.Unit + `","kind":"round_robin","apply_now":true}`
			if res, _ := handler.call("PUT", "/api/v1/organisations/"+org+"/queues/rule", rule); res.StatusCode != 403 {
				t.Errorf("a case handler set a rule: %d", res.StatusCode)
			}
			res, body = manager.call("PUT", "/api/v1/organisations/"+org+"/queues/rule", rule)
			set := into[struct {
				Rule     struct{ Kind string }
				Assigned int
			}](t, "set the rule", 200, res, body)
			if set.Rule.Kind != "round_robin" || set.Assigned < 1 {
				t.Errorf("the rule: %s", body)
			}
			res, body = handler.call("GET", "/api/v1/tasks/"+taskID, "")
			if task := into[workTaskJSON](t, "the task after the rule", 200, res, body); task.AssigneeName != "Kaisa Viranomainen (kasittelija)" {
				t.Errorf("the rule gave the task to %q, want the only case handler", task.AssigneeName)
			}
			res, body = manager.call("GET", "/api/v1/organisations/"+org+"/queues", "")
			queues := into[struct {
				Items []struct {
					Role, Unit       string
					Open, Unassigned int
					Rule             struct{ Kind string }
				}
			}](t, "queues", 200, res, body)
			found := false
			for _, q := range queues.Items {
				if q.Role == "case_handler" && q.Unit == task.Unit {
					found = q.Open >= 1 && q.Unassigned == 0 && q.Rule.Kind == "round_robin"
				}
			}
			if !found {
				t.Errorf("the review queue is not listed with its rule and every task given: %s", body)
			}
			res, body = manager.call("GET", "/api/v1/organisations/"+org+"/load", "")
			loads := into[struct {
				Items []struct {
					Name string
					Open int
				}
			}](t, "load", 200, res, body)
			for _, l := range loads.Items {
				if l.Name == "Kaisa Viranomainen (kasittelija)" && l.Open < 1 {
					t.Errorf("the load does not count the task given: %s", body)
				}
			}
			if res, _ := handler.call("GET", "/api/v1/organisations/"+org+"/load", ""); res.StatusCode != 403 {
				t.Errorf("a case handler saw the load: %d", res.StatusCode)
			}

			res, body = manager.call("POST", "/api/v1/tasks/assign", `{"tasks":["`+taskID+`"],"person_id":""}`)
			moved := into[struct {
				Assigned []workTaskJSON
				Failed   []struct{ Reason string }
			}](t, "back to the queue", 200, res, body)
			if len(moved.Assigned) != 1 || moved.Assigned[0].AssigneeName != "" || len(moved.Failed) != 0 {
				t.Errorf("back to the queue: %s", body)
			}
			if res, body := handler.call("POST", "/api/v1/tasks/"+taskID+"/claim", ""); res.StatusCode != 200 {
				t.Fatalf("claim: %d %s", res.StatusCode, body)
			}
			res, body = handler.call("POST", "/api/v1/tasks/"+taskID+"/complete", `{"notes":"Ei valintaa."}`)
			if res.StatusCode != 422 || fieldsOf(t, body)["choice"] != "work.error.choice" {
				t.Errorf("completing without a choice: %d %s", res.StatusCode, body)
			}
			res, body = handler.call("POST", "/api/v1/tasks/"+taskID+"/complete", `{"choice":"to-decision","notes":"Kunnossa."}`)
			if done := into[workTaskJSON](t, "complete", 200, res, body); done.State != "completed" {
				t.Errorf("completed: %s", body)
			}
		})
	}
}
