package bench

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/png"
	"math/rand/v2"
	"net/url"
	"slices"
	"strconv"
	"time"

	demoforms "github.com/luva-fi/luva/internal/demo/forms"
	"github.com/luva-fi/luva/internal/forms"
)

// The demo services the scenarios apply for: the noise notification
// (Helsinki's environmental services, a 100 kB site plan attached) and the
// police's public event notice, whose demo process the process scenario
// runs to its end.
const (
	noiseService = "ta-noise-notification"
	eventService = "ta-public-event-notice"
	municipality = "091"
)

// formAnswers reads post into complete answers of the demo form id, the way
// the web form reads a posted page, and checks that nothing but the
// attachment slots is missing: the scenarios must send what the server
// accepts.
func formAnswers(id string, post url.Values) (map[string]any, error) {
	all, err := demoforms.All()
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(all, func(f forms.Form) bool { return f.ID == id })
	if i < 0 {
		return nil, fmt.Errorf("the demo has no form %s", id)
	}
	c, err := forms.Compile(all[i])
	if err != nil {
		return nil, err
	}
	a := forms.Answers{}
	for p := range all[i].Pages {
		a = c.ReadPage(p, post, a)
	}
	for _, e := range c.Validate(a) {
		if e.Field != "site_plan" {
			return nil, fmt.Errorf("the load tool's answers to %s have an error: %+v", id, e)
		}
	}
	return map[string]any(a), nil
}

// noiseAnswers are answers to the noise notification for an event two
// months from now.
func noiseAnswers(now time.Time) (map[string]any, error) {
	from := now.AddDate(0, 2, 0).Format(time.DateOnly)
	to := now.AddDate(0, 2, 1).Format(time.DateOnly)
	return formAnswers("noise-notification", url.Values{
		"organiser_name": {"Kuormitus Testaaja"}, "organiser_address.street": {"Puistokatu 1"}, "organiser_address.postcode": {"00100"},
		"organiser_address.city": {"Helsinki"}, "contact_name": {"Kuormitus Testaaja"}, "contact_email": {"kuormitus@example.fi"},
		"contact_phone": {"040 123 4567"}, "event_name": {"Pihakonsertti"}, "event_description": {"Akustinen konsertti pihalla."},
		"attendance": {"120"}, "venue_address.street": {"Puistokatu 3"}, "venue_address.postcode": {"00100"}, "venue_address.city": {"Helsinki"},
		"event_dates.from": {from}, "event_dates.to": {to}, "daily_hours.count": {"1"},
		"daily_hours.0.daily_hours_day": {from}, "daily_hours.0.daily_hours_start": {"18:00"}, "daily_hours.0.daily_hours_end": {"21:30"},
		"noise_sources": {"amplified_music"}, "sound_equipment": {"2 x 2 kW"}, "nearest_site": {"Kerrostalo, Puistokatu 5"},
		"nearest_distance_m": {"150"}, "noise_level_db": {"63,5"}, "noise_assessment_basis": {"estimate"}, "music_after_22": {"no"},
		"noise_measures": {"Kaiuttimet poispäin asunnoista."}, "noise_monitoring": {"yes"}, "neighbour_info": {"letters"},
		"on_duty_phone": {"040 765 4321"},
	})
}

// eventAnswers are answers to the public event notice: a small event (no
// rescue plan needed, no guards, no alcohol) a month from now, so that only
// the site plan is to be attached.
func eventAnswers(now time.Time) (map[string]any, error) {
	day := now.AddDate(0, 1, 0).Format(time.DateOnly)
	return formAnswers("public-event", url.Values{
		"organiser_name": {"Kuormitus Testaaja"}, "organiser_address.street": {"Puistokatu 1"}, "organiser_address.postcode": {"00100"},
		"organiser_address.city": {"Helsinki"}, "responsible_name": {"Kuormitus Testaaja"}, "responsible_hetu": {hetu("150385", 912)},
		"responsible_email": {"kuormitus@example.fi"}, "responsible_phone": {"040 123 4567"},
		"event_name": {"Korttelijuhla"}, "event_kind": {"market"}, "programme": {"Kirpputori ja kahvila pihalla."},
		"venue_address.street": {"Puistokatu 3"}, "venue_address.postcode": {"00100"}, "venue_address.city": {"Helsinki"},
		"venue_indoors": {"outdoors"}, "landowner_consent": {"yes"},
		"event_dates.from": {day}, "event_dates.to": {day}, "opening_hours.count": {"1"},
		"opening_hours.0.opening_hours_day": {day}, "opening_hours.0.opening_hours_start": {"10.00"}, "opening_hours.0.opening_hours_end": {"16.00"},
		"attendance_total": {"150"}, "attendance_peak": {"80"}, "alcohol": {"no"}, "guards_count": {"0"},
		"traffic_arrangements": {"Ei liikennejärjestelyjä."}, "first_aid": {"Ensiapulaukku kahvilassa."}, "rescue_plan_made": {"no"},
	})
}

// hetu makes a valid personal identity code of the 1900s from a birth date
// (ddmmyy) and an individual number.
func hetu(ddmmyy string, n int) string {
	v, _ := strconv.Atoi(ddmmyy + fmt.Sprintf("%03d", n))
	return fmt.Sprintf("%s-%03d%c", ddmmyy, n, "0123456789ABCDEFHJKLMNPRSTUVWXY"[v%31])
}

// pngFile is a PNG the server accepts as a site plan. Every copy made with
// withText differs, so that the content-addressed file store writes each
// one as a customer's own file.
type pngFile []byte

// noisePNG is a gray PNG of side×side random pixels: noise does not
// compress, so the file is about side² bytes.
func noisePNG(side int) pngFile {
	img := image.NewGray(image.Rect(0, 0, side, side))
	r := rand.New(rand.NewPCG(7, 11))
	for i := range img.Pix {
		img.Pix[i] = byte(r.Uint32())
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err) // encoding an in-memory image cannot fail
	}
	return b.Bytes()
}

// withText returns a copy of the file with a tEXt chunk carrying note after
// the header chunk (8 bytes of signature and 25 of IHDR).
func (f pngFile) withText(note string) []byte {
	const ihdrEnd = 8 + 25
	data := append([]byte("Comment\x00"), note...)
	chunk := make([]byte, 0, 12+len(data))
	chunk = binary.BigEndian.AppendUint32(chunk, uint32(len(data)))
	chunk = append(chunk, "tEXt"...)
	chunk = append(chunk, data...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	out := make([]byte, 0, len(f)+len(chunk))
	out = append(out, f[:ihdrEnd]...)
	out = append(out, chunk...)
	return append(out, f[ihdrEnd:]...)
}
