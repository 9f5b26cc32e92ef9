package bench

import (
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"time"
)

// This file holds the shape of the generated data: which authority, which
// service, which state a case of a given age is in, and the names. It
// follows internal/cases/casestest (whose mix the case-list benchmark
// uses), extended with the history, versions, decisions and venue sites a
// case carries.

// Pick chooses an index in [0, n) weighted towards the start: a few services
// and authorities carry most of the work, as in real case loads.
func Pick(r *rand.Rand, n int) int {
	x := r.Float64()
	return min(int(x*x*float64(n)), n-1)
}

// CaseState chooses a state fitting the age of a case: recent cases wait or
// are being handled, older ones are decided, final or closed.
func CaseState(r *rand.Rand, age time.Duration) string {
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

func choose(x float64, values []string, weights []float64) string {
	for i, w := range weights {
		if x < w {
			return values[i]
		}
		x -= w
	}
	return values[len(values)-1]
}

// Handled reports whether a case in the state has a handler.
func Handled(state string) bool { return state != "submitted" && state != "cancelled" }

// Decided reports whether a case in the state has its decision.
func Decided(state string) bool {
	switch state {
	case "decided", "appealed", "final", "closed":
		return true
	}
	return false
}

// processed reports whether a case in the state went through processing.
func processed(state string) bool {
	return state == "processing" || state == "complement" || Decided(state)
}

var (
	givenNames  = []string{"Aino", "Eero", "Maija", "Juha", "Liisa", "Mikko", "Saga", "Oskari", "Helmi", "Ville", "Anna", "Timo", "Elina", "Kalle", "Sofia", "Pekka"}
	familyNames = []string{"Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen", "Koskinen", "Järvinen", "Lindqvist", "Holmström"}
	eventWords  = []string{"Kesäjuhla", "Pihakonsertti", "Kirpputori", "Katutapahtuma", "Festivaali", "Urheilukilpailu", "Joulumarkkinat", "Ulkoilmateatteri"}
	streets     = []string{"Puistokatu", "Rantatie", "Koulukatu", "Asemakatu", "Teollisuustie", "Satamakatu", "Kirkkokatu", "Torikatu", "Myllytie", "Metsätie"}
	// municipalities are the codes sites are in, Helsinki first, with the
	// postcode prefix and name of each.
	municipalities = []struct{ code, post, city string }{
		{"091", "00", "Helsinki"}, {"049", "02", "Espoo"}, {"092", "01", "Vantaa"}, {"837", "33", "Tampere"},
		{"564", "90", "Oulu"}, {"853", "20", "Turku"}, {"179", "40", "Jyväskylä"}, {"398", "15", "Lahti"},
	}
	outcomes = []string{"granted", "conditional", "rejected", "dismissed"}
)

// personID is the id of the generated customer k.
func personID(k int) string { return fmt.Sprintf("bench-person-%07d", k) }

// personName is the name of the generated customer k.
func personName(k int) (given, family string) {
	return givenNames[k%len(givenNames)], familyNames[(k/len(givenNames))%len(familyNames)]
}

// site is where an event is held: the generated sites are venue addresses
// spread over the municipalities, each case's answers naming one.
type site struct {
	municipality string
	street       string
	postcode     string
	city         string
}

func siteOf(k int) site {
	m := municipalities[Pick(rand.New(rand.NewPCG(uint64(k), 3)), len(municipalities))]
	return site{municipality: m.code, street: fmt.Sprintf("%s %d", streets[k%len(streets)], 1+k/len(streets)),
		postcode: fmt.Sprintf("%s%03d", m.post, (k*7)%1000), city: m.city}
}

// IDAt returns a UUIDv7 for time t, as identity.NewID makes at t, so that
// generated case ids sort by time as real ones do.
func IDAt(r *rand.Rand, t time.Time) string {
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
