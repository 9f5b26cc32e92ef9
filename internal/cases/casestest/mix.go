// Package casestest makes case data in bulk for benchmarks and load tests:
// sent cases with a realistic mix of services, authorities, states and dates,
// written straight into the cases table, much faster than through the service.
package casestest

import (
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"time"
)

// Mix describes the cases Bulk writes.
type Mix struct {
	// Cases is how many sent cases to write.
	Cases int
	// Authorities are the organisation ids the cases are sent to. The first
	// gets FirstShare of them (a large city), the rest share the remainder
	// unevenly, as smaller municipalities and agencies do.
	Authorities []string
	FirstShare  float64
	// Services are the services applied for, with their titles; earlier ones
	// are applied for more often, as the common notifications are.
	Services []Service
	// Persons is how many synthetic applicants to create (at least 1).
	Persons int
	// Until is when the newest case was sent; the cases are spread evenly over
	// the Years before it.
	Until time.Time
	Years int
	// Seed makes the data repeatable.
	Seed uint64
}

// Service is a service cases are sent for.
type Service struct {
	ID    string
	Title string
}

// Handlers is how many handlers each authority has; case handler ids are
// HandlerID(authority, 0..Handlers-1).
const Handlers = 10

// HandlerID is the id of a synthetic handler of the authority.
func HandlerID(authority string, k int) string {
	return fmt.Sprintf("bench-handler-%s-%d", authority, k)
}

// pick chooses an index in [0, n) weighted towards the start: index i is
// about twice as likely as index i+n/3 or so. The skew is what real case
// loads show: a few services and authorities carry most of the work.
func pick(r *rand.Rand, n int) int {
	x := r.Float64()
	return min(int(x*x*float64(n)), n-1)
}

// authority chooses the authority of a case.
func (m Mix) authority(r *rand.Rand) string {
	if len(m.Authorities) == 1 || r.Float64() < m.FirstShare {
		return m.Authorities[0]
	}
	return m.Authorities[1+pick(r, len(m.Authorities)-1)]
}

// state chooses a state fitting the age of the case: recent cases wait or are
// being handled, older ones are decided, final or closed.
func state(r *rand.Rand, age time.Duration) string {
	x := r.Float64()
	day := 24 * time.Hour
	switch {
	case age < 30*day:
		return choose(x, []string{"submitted", "processing", "complement", "decided", "cancelled"}, []float64{0.35, 0.4, 0.15, 0.07, 0.03})
	case age < 120*day:
		return choose(x, []string{"submitted", "processing", "complement", "decided", "appealed", "final", "cancelled"}, []float64{0.02, 0.1, 0.05, 0.45, 0.02, 0.33, 0.03})
	default:
		return choose(x, []string{"processing", "decided", "appealed", "final", "closed", "cancelled", "expired"}, []float64{0.002, 0.01, 0.008, 0.45, 0.5, 0.02, 0.01})
	}
}

func choose(x float64, states []string, weights []float64) string {
	for i, w := range weights {
		if x < w {
			return states[i]
		}
		x -= w
	}
	return states[len(states)-1]
}

// handled reports whether a case in the state has a handler assigned.
func handled(state string) bool { return state != "submitted" && state != "cancelled" }

// decided reports whether a case in the state has its decision.
func decided(state string) bool {
	switch state {
	case "decided", "appealed", "final", "closed":
		return true
	}
	return false
}

var (
	givenNames  = []string{"Aino", "Eero", "Maija", "Juha", "Liisa", "Mikko", "Saga", "Oskari", "Helmi", "Ville", "Anna", "Timo", "Elina", "Kalle", "Sofia", "Pekka"}
	familyNames = []string{"Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen", "Koskinen", "Järvinen", "Lindqvist", "Holmström"}
	companies   = []string{"Kesäjuhlat Oy", "Rakennus Oy", "Tapahtumatalo Ay", "Festivaali ry", "Konepaja Oy", "Ympäristöpalvelu Oy", "Satama Ab", "Kiinteistö Oy"}
	// municipalities are codes of the municipalities the cases come from.
	municipalities = []string{"091", "092", "049", "837", "564", "853", "179", "398"}
)

// applicant returns the applicant's name of a case: a person or a company.
func applicant(r *rand.Rand) string {
	if r.IntN(3) == 0 {
		return fmt.Sprintf("%s %d", companies[r.IntN(len(companies))], r.IntN(500))
	}
	return givenNames[r.IntN(len(givenNames))] + " " + familyNames[r.IntN(len(familyNames))]
}

// idAt returns a UUIDv7 for time t, like identity.NewID makes at t: ids of
// generated cases sort by time as real ones do.
func idAt(r *rand.Rand, t time.Time) string {
	var b [16]byte
	ms := uint64(t.UnixMilli())
	for i := range 6 {
		b[i] = byte(ms >> (40 - 8*i))
	}
	lo, hi := r.Uint64(), r.Uint64()
	for i := range 8 {
		b[6+i] = byte(lo >> (8 * i))
	}
	b[14], b[15] = byte(hi), byte(hi>>8)
	b[6] = 0x70 | b[6]&0x0f // version 7
	b[8] = 0x80 | b[8]&0x3f // RFC 4122 variant
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
