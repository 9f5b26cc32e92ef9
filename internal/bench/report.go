package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// Report is everything a run measured, as printed and as written to JSON.
type Report struct {
	When     time.Time `json:"when"`
	Machine  Machine   `json:"machine"`
	URL      string    `json:"url"`
	Database string    `json:"database,omitempty"`
	// Schema is the PostgreSQL schema quick mode made for the run and
	// dropped afterwards.
	Schema string `json:"schema,omitempty"`
	Users  int    `json:"users"`
	// Seconds is how long each scenario and ceiling ran.
	Seconds float64 `json:"seconds_per_scenario"`
	// Data is the data set quick mode generated; nil for a run against a
	// server started elsewhere.
	Data      *Generated       `json:"data,omitempty"`
	Scenarios []ScenarioResult `json:"scenarios"`
	Ceilings  struct {
		// HTTP is the bare net/http handler; Commit the single-row
		// transactions (nil when the run had no database).
		HTTP   *Summary `json:"http"`
		Commit *Summary `json:"commit,omitempty"`
	} `json:"ceilings"`
	// Memory is the server's resident memory, when known.
	Memory *Memory `json:"memory,omitempty"`
	// StartSeconds is how long luva took to open and start on the
	// existing database (quick mode only).
	StartSeconds float64  `json:"start_seconds,omitempty"`
	Targets      []Target `json:"targets"`
	Notes        []string `json:"notes,omitempty"`
}

// ScenarioResult is one scenario's figures.
type ScenarioResult struct {
	Name string `json:"name"`
	Summary
	// HTTPShare is requests/s as a share of the bare handler's; WriteShare
	// is writing requests/s as a share of single-row commits/s.
	HTTPShare  float64  `json:"http_share"`
	WriteShare float64  `json:"write_share,omitempty"`
	Notes      []string `json:"notes,omitempty"`
}

// Memory is a process's resident memory in MiB: after the run, which the
// target is judged by, and at its peak, which includes whatever the
// process did before serving (quick mode's generation and indexing).
type Memory struct {
	RSSMiB  float64 `json:"rss_mib"`
	PeakMiB float64 `json:"peak_mib"`
	// AnonMiB is the part of RSSMiB that is the process's own (heap,
	// SQLite's page caches); FileMiB the part that is files mapped into it
	// (the search index's segments), which the kernel can drop and read
	// again.
	AnonMiB float64 `json:"anon_mib"`
	FileMiB float64 `json:"file_mib"`
	Note    string  `json:"note,omitempty"`
}

// Machine is where the figures came from.
type Machine struct {
	CPUs      int     `json:"cpus"`
	CPU       string  `json:"cpu,omitempty"`
	MemoryGiB float64 `json:"memory_gib,omitempty"`
	OS        string  `json:"os"`
	Go        string  `json:"go"`
}

// Target is one of the goals with the measured figure. Ratio is
// measured / target: at least 1 meets a throughput goal, at most 1 a
// latency or size goal.
type Target struct {
	Goal     string  `json:"goal"`
	Measured float64 `json:"measured"`
	Target   float64 `json:"target"`
	Unit     string  `json:"unit"`
	Ratio    float64 `json:"ratio"`
	Higher   bool    `json:"higher_is_better"`
	Met      bool    `json:"met"`
	Note     string  `json:"note,omitempty"`
}

func machine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), OS: runtime.GOOS + "/" + runtime.GOARCH, Go: runtime.Version()}
	m.CPU = procField("/proc/cpuinfo", "model name")
	if kb, err := strconv.ParseFloat(strings.Fields(procField("/proc/meminfo", "MemTotal") + " 0")[0], 64); err == nil {
		m.MemoryGiB = kb / (1 << 20)
	}
	return m
}

// procField reads the first "name: value" line of a /proc file; "" when
// there is none (not Linux).
func procField(path, name string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == name {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// residentMemory reads a process's resident memory from /proc; nil when it
// cannot be read.
func residentMemory(pid int) *Memory {
	status := fmt.Sprintf("/proc/%d/status", pid)
	kb := func(name string) float64 {
		f := strings.Fields(procField(status, name))
		if len(f) == 0 {
			return 0
		}
		v, _ := strconv.ParseFloat(f[0], 64)
		return v
	}
	rss, peak := kb("VmRSS"), kb("VmHWM")
	if rss == 0 {
		return nil
	}
	return &Memory{RSSMiB: rss / 1024, PeakMiB: peak / 1024, AnonMiB: kb("RssAnon") / 1024, FileMiB: (kb("RssFile") + kb("RssShmem")) / 1024}
}

func (r *Report) scenario(name string) *ScenarioResult {
	for i := range r.Scenarios {
		if r.Scenarios[i].Name == name {
			return &r.Scenarios[i]
		}
	}
	return nil
}

// judge works out the shares of the ceilings and the targets.
func (r *Report) judge() {
	for i := range r.Scenarios {
		s := &r.Scenarios[i]
		if c := r.Ceilings.HTTP; c != nil && c.ReqPS > 0 {
			s.HTTPShare = s.ReqPS / c.ReqPS
		}
		if c := r.Ceilings.Commit; c != nil && c.OpsPS > 0 {
			s.WriteShare = s.WritesPS / c.OpsPS
		}
	}
	r.Targets = nil
	add := func(goal string, measured, target float64, unit string, higher bool, note string) {
		t := Target{Goal: goal, Measured: measured, Target: target, Unit: unit, Higher: higher, Note: note, Ratio: measured / target}
		t.Met = (higher && measured >= target) || (!higher && measured <= target)
		r.Targets = append(r.Targets, t)
	}
	cores := fmt.Sprintf("%d cores", r.Machine.CPUs)
	if s := r.scenario(ScenarioMixed); s != nil {
		add("mixed scenario >= 5,000 requests/s on 2 cores", s.ReqPS, 5000, "requests/s", true, cores)
	}
	if s := r.scenario(ScenarioOverview); s != nil {
		add("authority case list p99 <= 20 ms with 16 users", s.P99ms, 20, "ms", false, fmt.Sprintf("%d users", r.Users))
	}
	if s := r.scenario(ScenarioCreate); s != nil {
		add("sends with a 100 kB attachment >= 2,000/s on SQLite", s.OpsPS, 2000, "sends/s", true, r.Database)
	}
	if s := r.scenario(ScenarioProcess); s != nil {
		add("process instances >= 2,000/s", s.OpsPS, 2000, "completed/s", true, "through the API, end to end")
	}
	if s := r.scenario(ScenarioSearch); s != nil {
		add("search p99 <= 10 ms", s.P99ms, 10, "ms", false, "")
	}
	if m := r.Memory; m != nil {
		note := m.Note
		if r.Data != nil {
			note = strings.TrimSpace(fmt.Sprintf("%s at %d cases", note, r.Data.Cases))
		}
		if m.AnonMiB > 0 || m.FileMiB > 0 {
			note = strings.TrimSpace(fmt.Sprintf("%s; own %.0f MB, mapped files %.0f MB, peak %.0f MB", note, m.AnonMiB*1.048576, m.FileMiB*1.048576, m.PeakMiB*1.048576))
		}
		add("resident memory <= 300 MB at 1,000,000 cases", m.RSSMiB*1.048576, 300, "MB", false, note)
	}
	if r.StartSeconds > 0 {
		add("start on an existing database <= 1 s", r.StartSeconds, 1, "s", false, "")
	}
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteTable prints the report for a person: the machine, the scenarios
// beside the ceilings, and the targets.
func (r *Report) WriteTable(out io.Writer) error {
	m := r.Machine
	fmt.Fprintf(out, "\nluva bench, %s: %d CPUs (%s), %.0f GiB, %s, %s\n", r.When.Format(time.DateTime), m.CPUs, m.CPU, m.MemoryGiB, m.OS, m.Go)
	fmt.Fprintf(out, "server %s, database %s, %d users, %.0f s per scenario\n", r.URL, orDash(r.Database), r.Users, r.Seconds)
	if d := r.Data; d != nil {
		fmt.Fprintf(out, "data: %d cases, %d customers, %d sites, %d history entries; %d rows in %s (%.0f rows/s)\n",
			d.Cases, d.Customers, d.Sites, d.Events, d.Rows, d.Took.Round(time.Millisecond), d.RowsPerSecond())
	}
	fmt.Fprintln(out)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\tops/s\trequests/s\tp50 ms\tp90 ms\tp99 ms\terrors\tof HTTP ceiling\tof commit ceiling\t")
	for _, s := range r.Scenarios {
		fmt.Fprintf(tw, "%s\t%.0f\t%.0f\t%.2f\t%.2f\t%.2f\t%d\t%s\t%s\t\n", s.Name, s.OpsPS, s.ReqPS, s.P50ms, s.P90ms, s.P99ms, s.Errors,
			pct(s.HTTPShare), pct(s.WriteShare))
	}
	if c := r.Ceilings.HTTP; c != nil {
		fmt.Fprintf(tw, "ceiling: bare net/http\t%.0f\t%.0f\t%.2f\t%.2f\t%.2f\t%d\t100 %%\t\t\n", c.OpsPS, c.ReqPS, c.P50ms, c.P90ms, c.P99ms, c.Errors)
	}
	if c := r.Ceilings.Commit; c != nil {
		fmt.Fprintf(tw, "ceiling: 1-row commits\t%.0f\t\t%.2f\t%.2f\t%.2f\t%d\t\t100 %%\t\n", c.OpsPS, c.P50ms, c.P90ms, c.P99ms, c.Errors)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, s := range r.Scenarios {
		for _, e := range s.FirstErrs {
			fmt.Fprintf(out, "  %s error: %s\n", s.Name, e)
		}
		for _, n := range s.Notes {
			fmt.Fprintf(out, "  %s: %s\n", s.Name, n)
		}
	}
	if len(r.Targets) > 0 {
		fmt.Fprintln(out)
		tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "target\tmeasured\tratio\tmet\tnote")
		for _, t := range r.Targets {
			met := "no"
			if t.Met {
				met = "yes"
			}
			fmt.Fprintf(tw, "%s\t%.2f %s\t%.2f\t%s\t%s\n", t.Goal, t.Measured, t.Unit, t.Ratio, met, t.Note)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintln(out, "note:", n)
	}
	return nil
}

func pct(share float64) string {
	if share == 0 {
		return ""
	}
	return fmt.Sprintf("%.1f %%", 100*share)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
