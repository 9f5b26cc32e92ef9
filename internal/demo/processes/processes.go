// Package demoprocesses holds the BPMN processes of the demo: the public
// event notice, the noise notification, the food premises notification, the
// environmental permit with its public hearing and statements, and the
// registration of private social services. Deploy puts them on an engine
// when the demo data loads.
package demoprocesses

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/process"
)

//go:embed *.bpmn
var bpmnFS embed.FS

// File is one demo definition.
type File struct {
	Name string
	XML  []byte
}

// All returns the demo definitions in file name order.
func All() ([]File, error) {
	names, err := fs.Glob(bpmnFS, "*.bpmn")
	if err != nil {
		return nil, fmt.Errorf("list demo processes: %w", err)
	}
	out := make([]File, 0, len(names))
	for _, n := range names {
		b, err := bpmnFS.ReadFile(n)
		if err != nil {
			return nil, fmt.Errorf("read demo process %s: %w", n, err)
		}
		out = append(out, File{Name: n, XML: b})
	}
	return out, nil
}

// Deploy deploys every demo process for every authority (organisation ""),
// as the platform.
func Deploy(ctx context.Context, e *process.Engine) error {
	all, err := All()
	if err != nil {
		return err
	}
	p := access.Principal{Name: "Luva demo", PlatformAdmin: true}
	for _, f := range all {
		if _, err := e.Deploy(ctx, p, access.Request{Route: "demo"}, "", f.XML); err != nil {
			return fmt.Errorf("deploy demo process %s: %w", f.Name, err)
		}
	}
	return nil
}
