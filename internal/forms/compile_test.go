package forms

import "testing"

func TestTheTestFormCompiles(t *testing.T) {
	c := festival(t)
	if c.Form().ID != "test-festival" || len(c.Form().Pages) != 4 {
		t.Fatalf("Form() = %+v", c.Form())
	}
}
