package obligations

import "slices"

// Kind is a duty the law sets for a kind of permit, with its usual
// recurrence and how early the customer is reminded. Its name is the i18n key
// "obligations.kind.<ID>".
type Kind struct {
	ID string `json:"id"`
	// EveryMonths is the recurrence: 0 once, 12 yearly.
	EveryMonths int `json:"every_months"`
	RemindDays  int `json:"remind_days"`
	// Services are the catalogue services the duty follows from.
	Services []string `json:"services"`
}

// Other is the kind of a duty the handler names: any service may have one.
const Other = "other"

// kinds is the catalogue. The law behind each: the Environmental Protection
// Act (527/2014) §§ 62–65 for annual and monitoring reports; the Food Act
// (297/2021) § 10 and the Act on Social Services (741/2023) for self-
// monitoring plans reviewed yearly; the Alcohol Act and the Mining Act for
// permits that expire; the Environmental Protection Act § 118 for the noise
// measurements a noise decision may ask for.
var kinds = []Kind{
	{ID: "annual_report", EveryMonths: 12, RemindDays: 30, Services: []string{
		"te-environmental-permit-avi", "te-environmental-permit-municipal", "te-waste-treatment-permit",
		"te-ysl-registration", "te-chemical-permit", "k-water-permit", "k-mining-permit"}},
	{ID: "monitoring_report", EveryMonths: 3, RemindDays: 14, Services: []string{
		"te-environmental-permit-avi", "te-environmental-permit-municipal", "te-waste-treatment-permit", "k-water-permit"}},
	{ID: "self_monitoring", EveryMonths: 12, RemindDays: 30, Services: []string{
		"m-food-premises-notification", "ta-food-sales-notice", "m-primary-production-notice",
		"s-self-monitoring-plan", "s-provider-registration", "s-service-unit-registration"}},
	{ID: "renewal", EveryMonths: 0, RemindDays: 90, Services: []string{
		"ta-alcohol-serving", "k-exploration-permit", "k-mining-permit", "te-chemical-permit", "ta-lottery"}},
	{ID: "noise_measurement", EveryMonths: 0, RemindDays: 7, Services: []string{"ta-noise-notification"}},
	{ID: Other, EveryMonths: 0, RemindDays: 14},
}

// Kinds lists the duties the law sets for the service, and Other last.
func Kinds(service string) []Kind {
	var out []Kind
	for _, k := range kinds {
		if k.ID == Other || slices.Contains(k.Services, service) {
			out = append(out, k)
		}
	}
	return out
}

// AllKinds lists the whole catalogue.
func AllKinds() []Kind { return slices.Clone(kinds) }

// KindOf finds a kind of the catalogue.
func KindOf(id string) (Kind, bool) {
	i := slices.IndexFunc(kinds, func(k Kind) bool { return k.ID == id })
	if i < 0 {
		return Kind{}, false
	}
	return kinds[i], true
}

// Recurrences are the intervals in months a handler may choose.
func Recurrences() []int { return []int{0, 1, 3, 6, 12, 24, 36} }
