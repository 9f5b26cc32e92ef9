package forms

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"testing"
)

func TestJSONSchemaDescribesTheAnswers(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("testdata/festival.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	out, err := JSONSchema(f, "en")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Schema     string                     `json:"$schema"`
		ID         string                     `json:"$id"`
		Title      string                     `json:"title"`
		Required   []string                   `json:"required"`
		Additional bool                       `json:"additionalProperties"`
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(out, &s); err != nil {
		t.Fatalf("the schema is no JSON: %v", err)
	}
	if s.Schema != "https://json-schema.org/draft/2020-12/schema" || s.ID != "urn:luva:form:test-festival" || s.Title != "Test form" || s.Additional {
		t.Errorf("schema head = %+v", s)
	}
	if want := []string{"org_name", "email", "event_name", "event_dates", "music_late", "site_plan"}; !slices.Equal(s.Required, want) {
		t.Errorf("required = %v, want %v (not late_reason, stages or fireworks_count, which conditions hide)", s.Required, want)
	}
	// Every answer of a known-good document has a property, and each
	// property's type fits the answer's JSON type.
	doc, _ := json.Marshal(good())
	var answers map[string]any
	if err := json.Unmarshal(doc, &answers); err != nil {
		t.Fatal(err)
	}
	for id, v := range answers {
		raw, ok := s.Properties[id]
		if !ok {
			t.Errorf("no property for %s", id)
			continue
		}
		var p struct {
			Type    string   `json:"type"`
			Enum    []string `json:"enum"`
			Pattern string   `json:"pattern"`
			Title   string   `json:"title"`
		}
		if err := json.Unmarshal(raw, &p); err != nil {
			t.Fatal(err)
		}
		if p.Title == "" {
			t.Errorf("%s has no title", id)
		}
		if str, ok := v.(string); ok && p.Pattern != "" && !regexp.MustCompile(p.Pattern).MatchString(str) {
			t.Errorf("%s = %q does not match the schema's pattern %s", id, str, p.Pattern)
		}
		if got := jsonType(v); got != p.Type {
			t.Errorf("%s is a %s in the answers but %s in the schema", id, got, p.Type)
		}
	}
	var kind struct{ Enum []string }
	_ = json.Unmarshal(s.Properties["kind"], &kind)
	if !slices.Equal(kind.Enum, []string{"concert", "market"}) {
		t.Errorf("kind enum = %v", kind.Enum)
	}
	var stages struct {
		Items struct {
			Required   []string
			Properties map[string]any
		}
	}
	_ = json.Unmarshal(s.Properties["stages"], &stages)
	if !slices.Equal(stages.Items.Required, []string{"stage_name"}) || len(stages.Items.Properties) != 2 {
		t.Errorf("stages items = %+v", stages.Items)
	}
	f.Pages = nil
	if _, err := JSONSchema(f, "en"); err == nil {
		t.Error("a form with problems has a schema")
	}
}

func jsonType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "null"
}
