// Package casestest makes case data in bulk for benchmarks and load tests:
// sent cases with a realistic mix of services, authorities, states and dates,
// written straight into the cases table, much faster than through the service.
package casestest

import (
	"github.com/luva-fi/luva/internal/bench"

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

// authority chooses the authority of a case.
func (m Mix) authority(r *rand.Rand) string {
	if len(m.Authorities) == 1 || r.Float64() < m.FirstShare {
		return m.Authorities[0]
	}
	return m.Authorities[1+bench.Pick(r, len(m.Authorities)-1)]
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
