package integration_test

import (
	"errors"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/integration"
)

func TestVerifyAcceptsOnlyTheRightSecretBodyAndTime(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	body := []byte(`{"id":"d1","event":"case.decided"}`)
	header := integration.Sign("whsec_right", now, body)
	cases := []struct {
		name   string
		secret string
		header string
		body   []byte
		at     time.Time
		want   error
	}{
		{"a delivery as sent verifies", "whsec_right", header, body, now.Add(time.Minute), nil},
		{"a wrong secret is refused", "whsec_wrong", header, body, now, integration.ErrBadSignature},
		{"a tampered body is refused", "whsec_right", header, []byte(`{"id":"d1","event":"case.decided "}`), now, integration.ErrBadSignature},
		{"an old timestamp is refused", "whsec_right", header, body, now.Add(6 * time.Minute), integration.ErrStaleSignature},
		{"a timestamp from the future is refused", "whsec_right", header, body, now.Add(-6 * time.Minute), integration.ErrStaleSignature},
		{"a header without a signature is refused", "whsec_right", "t=1777885200", body, now, integration.ErrMalformedSignature},
		{"garbage is refused", "whsec_right", "nonsense", body, now, integration.ErrMalformedSignature},
		{"one right signature among several verifies", "whsec_right", header + ",v1=00ff", body, now, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := integration.Verify(c.secret, c.header, c.body, c.at, 5*time.Minute)
			if !errors.Is(err, c.want) {
				t.Errorf("Verify = %v, want %v", err, c.want)
			}
		})
	}
}

func FuzzVerifyNeverPanics(f *testing.F) {
	f.Add("t=1,v1=ab", []byte("{}"))
	f.Add(",,=,t=,v1=", []byte(""))
	f.Fuzz(func(t *testing.T, header string, body []byte) {
		_ = integration.Verify("s", header, body, time.Unix(1, 0), time.Minute)
	})
}
