// Package demoforms holds the application forms of the demo: the noise
// notification, the police's public event notice, the food premises
// notification and a general form for any service.
package demoforms

import (
	"embed"
	"fmt"
	"io/fs"

	"github.com/luva-fi/luva/internal/forms"
)

//go:embed *.json
var formFS embed.FS

// All parses and checks every demo form, in file name order.
func All() ([]forms.Form, error) {
	names, err := fs.Glob(formFS, "*.json")
	if err != nil {
		return nil, fmt.Errorf("list demo forms: %w", err)
	}
	var out []forms.Form
	for _, n := range names {
		b, err := formFS.ReadFile(n)
		if err != nil {
			return nil, fmt.Errorf("read demo form %s: %w", n, err)
		}
		f, err := forms.Parse(b)
		if err != nil {
			return nil, fmt.Errorf("demo form %s: %w", n, err)
		}
		if err := forms.Check(f); err != nil {
			return nil, fmt.Errorf("demo form %s: %w", n, err)
		}
		out = append(out, f)
	}
	return out, nil
}
