package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/cases"
	demoforms "github.com/luva-fi/luva/internal/demo/forms"
	"github.com/luva-fi/luva/internal/files"
)

// installForms publishes the built-in forms that are new or changed: the
// general form always, so that every service can be applied for, and the
// service-specific demo forms with the demo data.
func installForms(ctx context.Context, svc *cases.Service, demo bool, now time.Time) error {
	all, err := demoforms.All()
	if err != nil {
		return err
	}
	for _, f := range all {
		if !demo && f.ID != cases.GeneralForm {
			continue
		}
		def, err := json.Marshal(f)
		if err != nil {
			return fmt.Errorf("encode form %s: %w", f.ID, err)
		}
		if err := svc.Forms.Install(ctx, def, "", now); err != nil {
			return fmt.Errorf("install form %s: %w", f.ID, err)
		}
	}
	return nil
}

// scanner returns the virus scanner at addr ("tcp:host:port" or
// "unix:/path"), or none.
func scanner(addr string) files.Scanner {
	if addr == "" {
		return nil
	}
	network, address, ok := strings.Cut(addr, ":")
	if !ok {
		network, address = "tcp", addr
	}
	return files.Clamd{Network: network, Address: address, Timeout: time.Minute}
}
