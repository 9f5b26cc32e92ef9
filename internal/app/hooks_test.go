package app_test

import (
	"context"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/app"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/demo"
	"github.com/luva-fi/luva/internal/events"
	"github.com/luva-fi/luva/internal/forms"
	"github.com/luva-fi/luva/internal/messaging"
	"github.com/luva-fi/luva/internal/process"
)

// followUp is a small process for Helsinki that no service starts by
// itself: only the trigger starts it.
const followUp = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:luva="https://luva.fi/schema/bpmn"
    id="follow-up-definitions" targetNamespace="https://luva.fi/test">
  <bpmn:process id="follow-up" name="Jälkiseuranta" isExecutable="true" luva:services="te-no-such-service">
    <bpmn:startEvent id="start"/>
    <bpmn:userTask id="check" name="Tarkista tilanne" luva:role="inspector"/>
    <bpmn:endEvent id="end"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check"/>
    <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>`

// TestTriggersCreateTasksAndStartProcesses wires luva as luva serve does:
// Helsinki's admin adds a rule that creates a task for the case handlers
// and one that starts a process when an application arrives. Maija sends
// an application; once the trigger consumer and then the engine's consumer
// have run, the case has one open task for the handlers, in the queue the
// task pages read, and one instance of the process, waiting at its task.
func TestTriggersCreateTasksAndStartProcesses(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(dialect.String(), func(t *testing.T) {
			ctx := context.Background()
			cfg := dbtest.Config(t, dialect)
			a, err := app.Open(ctx, app.Config{DataDir: t.TempDir(), DatabaseURL: cfg.URL, Demo: true, Version: "test"})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { a.Close(context.Background()) })
			req := access.Request{Route: "test", IP: "127.0.0.1"}
			principal := func(username string) access.Principal {
				t.Helper()
				secret, _, err := a.Auth.SignInLocal(ctx, req, username, demo.Password)
				if err != nil {
					t.Fatalf("sign %s in: %v", username, err)
				}
				p, _, err := a.Auth.Principal(ctx, secret)
				if err != nil {
					t.Fatalf("principal of %s: %v", username, err)
				}
				return p
			}
			admin, maija, manager := principal("hki-admin"), principal("maija"), principal("esihenkilo")
			var helsinki string
			if err := a.DB.Read.QueryRowContext(ctx, `SELECT id FROM organisations WHERE name = 'Helsingin kaupunki'`).Scan(&helsinki); err != nil {
				t.Fatal(err)
			}

			if actions := a.Messaging.AvailableActions(); !slices.Contains(actions, messaging.CreateTask) || !slices.Contains(actions, messaging.StartProcess) {
				t.Fatalf("the triggers may %v; want tasks and processes too", actions)
			}
			if _, err := a.Process.Deploy(ctx, access.Principal{Name: "test", PlatformAdmin: true}, req, helsinki, []byte(followUp)); err != nil {
				t.Fatalf("deploy the follow-up process: %v", err)
			}
			for _, in := range []messaging.TriggerInput{
				{Name: "Tarkista uusi hakemus", Topic: "application.submitted", Action: messaging.CreateTask, Target: "case_handler", Enabled: true},
				{Name: "Seuraa tapahtumaa", Topic: "application.submitted", Action: messaging.StartProcess, Target: "follow-up", Enabled: true},
			} {
				if _, err := a.Messaging.AddTrigger(ctx, admin, req, helsinki, in); err != nil {
					t.Fatalf("add the rule %q: %v", in.Name, err)
				}
			}

			c := sendPublicAreaUse(t, a, maija, req)
			if c.Authority != helsinki {
				t.Fatalf("the application went to %s, want Helsinki", c.Authority)
			}
			triggers := events.NewConsumer(a.DB, clock.Real{}, messaging.ConsumerName, "test", a.Messaging.HandleEvent)
			engine := a.ProcessConsumer()
			var tasks []process.Task
			for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
				for _, consumer := range []*events.Consumer{triggers, engine} {
					if _, err := consumer.Round(ctx); err != nil {
						t.Fatalf("run %s: %v", consumer.Name, err)
					}
				}
				if tasks, err = a.Process.Tasks(ctx, manager, process.TaskFilter{Organisation: helsinki, CaseID: c.ID}); err != nil {
					t.Fatal(err)
				}
				if len(tasks) >= 2 || time.Now().After(deadline) {
					break
				}
			}
			byRole := map[string]process.Task{}
			for _, task := range tasks {
				byRole[task.Role] = task
			}
			if len(tasks) != 2 || byRole["case_handler"].Name != "Tarkista uusi hakemus" || byRole["inspector"].Name != "Tarkista tilanne" {
				t.Fatalf("the case's open tasks are %+v; want the rule's task for the handlers and the process's for the inspectors", tasks)
			}
			var instances int
			if err := a.DB.Read.QueryRowContext(ctx, `SELECT count(*) FROM process_instances i JOIN process_definitions d ON d.id = i.definition_id
WHERE i.case_id = $1 AND d.process_key = 'follow-up' AND i.state = 'running'`, c.ID).Scan(&instances); err != nil {
				t.Fatal(err)
			}
			if instances != 1 {
				t.Errorf("the case runs %d follow-up processes, want 1", instances)
			}
		})
	}
}

// sendPublicAreaUse has Maija apply for the use of a public area in
// Helsinki on the general form, as its pages would post it.
func sendPublicAreaUse(t *testing.T, a *app.App, maija access.Principal, req access.Request) cases.Case {
	t.Helper()
	ctx := context.Background()
	c, err := a.Cases.Start(ctx, maija, req, cases.StartInput{Service: "ta-public-area-use", Municipality: "091", Lang: "fi"})
	if err != nil {
		t.Fatalf("start the application: %v", err)
	}
	f, err := a.Cases.Form(ctx, c)
	if err != nil {
		t.Fatalf("form of the application: %v", err)
	}
	post := url.Values{
		"applicant_kind": {"person"}, "applicant_name": {"Maija Meikäläinen"},
		"applicant_address.street": {"Puistokatu 1"}, "applicant_address.postcode": {"00100"}, "applicant_address.city": {"Helsinki"},
		"applicant_email": {"maija.meikalainen@example.fi"},
		"subject":         {"Kesäkonsertti Kaivopuistossa"}, "description": {"Ulkokonsertti, yksi lava, noin 800 kuulijaa."},
	}
	answers := forms.Answers{}
	for i := range f.Form().Pages {
		answers = f.ReadPage(i, post, answers)
	}
	if _, err := a.Cases.SaveAnswers(ctx, maija, c.ID, answers); err != nil {
		t.Fatalf("save the answers: %v", err)
	}
	if c, err = a.Cases.Submit(ctx, maija, req, c.ID, ""); err != nil {
		t.Fatalf("send the application: %v", err)
	}
	return c
}
