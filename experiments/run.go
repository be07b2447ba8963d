package experiments

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/tiaokuai/tiaokuai/internal/atomicfile"
	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/model/calendar"
	"github.com/tiaokuai/tiaokuai/scenarios"
)

// Version is the tool version written to manifests.
var Version = "0.1.0"

// RunSpec is one run: a resolved scenario and a seed.
type RunSpec struct {
	Config   *model.Config
	Resolved *scenarios.Resolved
	Seed     uint64
	// OutDir, when set, receives summary.json, timeseries.csv,
	// ranking.csv, manifest.json and timing.json.
	OutDir string
	// Progress, when set, is called about every simulated week with the
	// fraction done.
	Progress func(frac float64)
	Observer model.Observer
	// Daily, when set, receives each row of the daily series (a sweep
	// keeps them for timeseries.parquet).
	Daily func(row *model.DayRow)
	// MaxLive bounds the run's live entities (model.Options.MaxLive): 0 =
	// the default derived from the scenario, negative = none.
	MaxLive int
}

// Timing is the content of timing.json: the only output allowed to differ
// between identical runs.
type Timing struct {
	WallSeconds     float64 `json:"wall_seconds"`
	Events          uint64  `json:"events"`
	EventsPerSecond float64 `json:"events_per_second"`
	MattersPerSec   float64 `json:"matters_per_second"`
	Host            string  `json:"host"`
	GoVersion       string  `json:"go_version"`
	CPUs            int     `json:"cpus"`
	MaxRSSMiB       float64 `json:"max_rss_mib,omitempty"`
}

// Manifest is the content of manifest.json.
type Manifest struct {
	Tool         string           `json:"tool"`
	Version      string           `json:"version"`
	Scenario     string           `json:"scenario"`
	ScenarioHash string           `json:"scenario_hash"`
	Files        []scenarios.File `json:"files"`
	Sets         []string         `json:"sets"`
	Seed         uint64           `json:"seed"`
	Resolved     string           `json:"resolved"` // the canonical, fully resolved scenario (TOML)
}

// Run executes one run and, if OutDir is set, writes its files. Files are
// written to temporary names and renamed, so a reader never sees a partial
// file.
func Run(spec RunSpec) (*model.Results, *Timing, error) {
	var ts bytes.Buffer
	tw := csv.NewWriter(&ts)
	tw.Write(TimeseriesColumns)
	daily := func(r *model.DayRow) {
		tw.Write(DayRecord(r))
		if spec.Daily != nil {
			spec.Daily(r)
		}
	}
	start := time.Now()
	m, err := model.New(spec.Config, spec.Seed, model.Options{Observer: spec.Observer, Daily: daily, MaxLive: spec.MaxLive})
	if err != nil {
		return nil, nil, err
	}
	end := m.End()
	for t := calendar.Week; !m.Finished(); t += calendar.Week {
		m.RunUntil(t)
		if spec.Progress != nil {
			spec.Progress(math.Min(1, m.Now()/end))
		}
	}
	if err := m.Err(); err != nil {
		return nil, nil, fmt.Errorf("%s seed %d: %w", spec.Config.Name, spec.Seed, err)
	}
	res := m.Results()
	wall := time.Since(start).Seconds()
	tw.Flush()
	host, _ := os.Hostname()
	tm := &Timing{WallSeconds: wall, Events: res.Events, EventsPerSecond: float64(res.Events) / wall,
		MattersPerSec: float64(res.Matters.Overall.Completed) / wall, Host: host, GoVersion: runtime.Version(), CPUs: runtime.NumCPU()}
	if spec.OutDir == "" {
		return res, tm, nil
	}
	if err := os.MkdirAll(spec.OutDir, 0o755); err != nil {
		return nil, nil, fmt.Errorf("experiments: %w", err)
	}
	man := Manifest{Tool: "tiaokuai", Version: Version, Scenario: spec.Config.Name, Seed: spec.Seed}
	if r := spec.Resolved; r != nil {
		man.ScenarioHash = r.Hash
		man.Files = r.Files
		man.Sets = r.Sets
		man.Resolved = string(r.Canonical)
	}
	// One set: a failure (a full disk) leaves the previous run's files whole.
	files := []atomicfile.File{
		{Name: "summary.json", Data: jsonBytes(res)},
		{Name: "timeseries.csv", Data: ts.Bytes()},
		{Name: "ranking.csv", Data: RankingCSV(m.Ranking())},
		{Name: "manifest.json", Data: jsonBytes(man)},
		{Name: "timing.json", Data: jsonBytes(tm)},
	}
	if err := atomicfile.WriteSet(spec.OutDir, files); err != nil {
		return nil, nil, fmt.Errorf("experiments: %w", err)
	}
	return res, tm, nil
}

// TimeseriesColumns are the columns of timeseries.csv (docs/OUTPUT.md).
var TimeseriesColumns = []string{"day", "phase", "arrived", "completed", "in_progress", "latency_mean_days", "visits_mean", "online_share", "queued", "trust_mean",
	"tickets_arrived", "tickets_resolved", "in_flight", "tickets_open", "backlog_hours", "hours_per_worker", "satisfaction", "demand_scale", "return_propensity_mean",
	"rated_closures", "response_rate", "resolution_rate", "satisfaction_rate"}

// DayRecord formats one daily row in the order of TimeseriesColumns.
func DayRecord(r *model.DayRow) []string {
	return []string{strconv.Itoa(r.Day), r.Phase, i64(r.Arrived), i64(r.Completed), strconv.Itoa(r.InProgress), f(r.LatencyMean), f(r.VisitsMean), f(r.OnlineShare), strconv.Itoa(r.Queued), f(r.TrustMean),
		i64(r.TicketsArrived), i64(r.TicketsResolved), strconv.Itoa(r.InFlight), strconv.Itoa(r.TicketsOpen), f(r.BacklogHours), f(r.HoursPerWorker), f(r.Satisfaction), f(r.DemandScale), f(r.Propensity),
		i64(r.RatedClosures), f(r.ResponseRate), f(r.ResolutionRate), f(r.SatisfactionRate)}
}

// RankingColumns are the columns of ranking.csv (docs/OUTPUT.md).
var RankingColumns = []string{"period", "start_day", "end_day", "kind", "unit", "closures", "rated_closures",
	"response_rate", "resolution_rate", "satisfaction_rate", "score", "rank"}

// RankingCSV formats the 4-weekly 三率 ranking (docs/ODD.md §6.7); an
// unranked unit (no rated closure) has an empty score and rank.
func RankingCSV(rows []model.RankRow) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(RankingColumns)
	for _, r := range rows {
		rank := ""
		if r.Rank > 0 {
			rank = strconv.Itoa(r.Rank)
		}
		w.Write([]string{strconv.Itoa(r.Period), f(r.StartDay), f(r.EndDay), r.Kind, r.Unit, i64(r.Closures), i64(r.Rated),
			f(r.Response), f(r.Resolution), f(r.Satisfaction), f(r.Score), rank})
	}
	w.Flush()
	return b.Bytes()
}

// WriteAtomic writes data to a temporary file beside path and renames it
// into place (internal/atomicfile).
func WriteAtomic(path string, data []byte) error {
	if err := atomicfile.Write(path, data); err != nil {
		return fmt.Errorf("experiments: %w", err)
	}
	return nil
}

func i64(v int64) string { return strconv.FormatInt(v, 10) }

// f formats a float for CSV: shortest round-trip form, empty for NaN.
func f(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func init() {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		Version = bi.Main.Version
	}
}
