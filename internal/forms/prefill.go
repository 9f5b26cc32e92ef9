package forms

// Mark says that a field was filled in from elsewhere: Source is a machine
// name ("prh", "dvv", "earlier"), Label what the customer is told.
type Mark struct {
	Source string `json:"source"`
	Label  Texts  `json:"label"`
}

// Prefilled is a value known before the customer types anything, under the
// key that fields name in their prefill attribute ("company.name",
// "person.address", "property.address", "earlier.<field id>").
type Prefilled struct {
	Key         string
	Value       any
	Source      string
	SourceLabel Texts
}

// Prefill fills the empty top-level fields whose prefill key has a value,
// and returns the answers with the marks of the fields it filled. It never
// overwrites an answer: what the customer typed stays. Values are stored as
// given, so they should have the field's type (a map for an address); an
// empty value fills nothing.
func (c *Compiled) Prefill(a Answers, vals []Prefilled) (Answers, map[string]Mark) {
	out := a.clone()
	marks := map[string]Mark{}
	for _, fi := range c.top {
		if fi.Prefill == "" || !isEmpty(out[fi.ID]) {
			continue
		}
		for _, p := range vals {
			if p.Key == fi.Prefill && !isEmpty(p.Value) {
				out[fi.ID] = p.Value
				marks[fi.ID] = Mark{Source: p.Source, Label: p.SourceLabel}
				break
			}
		}
	}
	return out, marks
}
