package model

import (
	"github.com/tiaokuai/tiaokuai/model/arrival"
	"github.com/tiaokuai/tiaokuai/model/calendar"
	"github.com/tiaokuai/tiaokuai/model/dist"
)

// Config is a fully resolved scenario: every parameter of the model
// (docs/ODD.md) with its default applied, names resolved and values
// validated. The scenarios package builds it from TOML; the model only
// reads it. All times are in minutes (elapsed) unless the field's type
// says otherwise (calendar.Duration may be working time). Rates are per
// minute unless named otherwise.
//
// The TOML key of each field is given in its `toml` tag; the scenario format
// is documented in scenarios/FORMAT.md.
type Config struct {
	Name        string `toml:"name"`
	Description string `toml:"description"`

	Run            Run            `toml:"run"`
	City           City           `toml:"city"`
	Travel         Travel         `toml:"travel"`
	Citizens       Citizens       `toml:"citizens"`
	Platform       Levers         `toml:"platform"`
	Responsibility Responsibility `toml:"responsibility"`
	Halls          Halls          `toml:"hall"`
	Departments    []Department   `toml:"department"`
	Items          []Item         `toml:"item"`
	Matters        []MatterType   `toml:"matter"`
	Hotline        Hotline        `toml:"hotline"`
	Dispatch       Dispatch       `toml:"dispatch"`
	Tickets        []TicketType   `toml:"ticket"`
	Grassroots     Grassroots     `toml:"grassroots"`
	Adaptation     Adaptation     `toml:"adaptation"`
	Accountability Accountability `toml:"accountability"`
	Demand         DemandFeedback `toml:"demand"`
	Shocks         []Shock        `toml:"shock"`
	Interventions  []Intervention `toml:"intervention"`
	Cost           Cost           `toml:"cost"`
	Profiles       []NamedProfile `toml:"profile"`
}

// Run sets the phases of a run (docs/ODD.md §7).
type Run struct {
	Seed    uint64  `toml:"seed"`    // default 1
	Warmup  float64 `toml:"warmup"`  // minutes; default 4 weeks
	Horizon float64 `toml:"horizon"` // observation window, minutes; default 52 weeks
	Drain   float64 `toml:"drain"`   // minutes; default 2 × the longest time limit or deadline
	// Scale multiplies every population and every absolute rate (a 1:10
	// exploration run is scale = 0.1). Default 1. The scenarios package
	// applies it while loading, so a resolved Config carries scaled values
	// and Scale = 1 (the applied scale is in scenarios.Resolved.Scale):
	// the model must not apply it again.
	Scale float64 `toml:"scale"`
}

// City is the kuai tree: districts → streets → communities.
type City struct {
	Name      string     `toml:"name"`
	Districts []District `toml:"district"`
	// Spacing of generated community positions on the grid, km. Default 1.
	SpacingKm float64 `toml:"spacing_km"`
}

// District is a territorial government with its streets.
type District struct {
	Name  string `toml:"name"`
	Label string `toml:"label"` // display name (may be Chinese); default Name
	// Literacy of its residents ~ Beta with this mean and concentration
	// Citizens.LiteracyConcentration. Default 0.6.
	LiteracyMean float64    `toml:"literacy_mean"`
	Position     [2]float64 `toml:"position"` // km; resolved: centroid of its communities unless given
	Streets      []Street   `toml:"street"`
}

// Street is a street office (街道/乡镇) with its communities.
type Street struct {
	Name        string      `toml:"name"`
	Label       string      `toml:"label"`
	Workers     int         `toml:"workers"`  // default Grassroots.StreetWorkers
	Position    [2]float64  `toml:"position"` // km; resolved: centroid of its communities unless given
	Communities []Community `toml:"community"`
}

// Community is a residents' community (社区/村).
type Community struct {
	Name       string     `toml:"name"`
	Label      string     `toml:"label"`
	Population int        `toml:"population"`
	Workers    int        `toml:"workers"`  // default: Grassroots.CommunityWorkersPer10k × population / 10⁴, at least 1
	Position   [2]float64 `toml:"position"` // km; resolved: generated on a grid unless given
}

// Travel is the delay of every in-person visit (docs/ODD.md §6.1).
type Travel struct {
	Time dist.Dist `toml:"time"` // base delay; default const(0)
	// PerKm adds this many minutes per km between the home community and the
	// office. Default 0 (no distance effect).
	PerKm float64 `toml:"per_km"`
}

// Citizens sets the residents' attributes and choices (docs/ODD.md §2, §6.5).
type Citizens struct {
	LiteracyConcentration float64 `toml:"literacy_concentration"` // Beta a+b; default 4
	TrustA                float64 `toml:"trust_a"`                // default 2
	TrustB                float64 `toml:"trust_b"`                // default 2
	// P(online) = logistic(B0 + BTrust·trust + BLiteracy·literacy).
	B0        float64 `toml:"b0"`         // default -2
	BTrust    float64 `toml:"b_trust"`    // default 2
	BLiteracy float64 `toml:"b_literacy"` // default 3
	// Satisfaction s = exp(−SVisits·visits)·exp(−SDelay·max(0, latency−E)/E).
	SVisits float64 `toml:"s_visits"` // default 0.2
	SDelay  float64 `toml:"s_delay"`  // default 1
	// Trust learning rates after online (Eta) and in-person (EtaOffline) matters.
	Eta        float64 `toml:"eta"`         // default 0.1
	EtaOffline float64 `toml:"eta_offline"` // default 0.05
}

// Levers are the platform levers (docs/ODD.md §6.2–6.4). They may change
// during a run through interventions; what has started keeps the levers it
// started with (docs/ODD.md §3).
type Levers struct {
	DataSharing      float64   `toml:"data_sharing"`      // [0,1]; default 0
	APIFailure       float64   `toml:"api_failure"`       // [0,1]; default 0
	APILatency       dist.Dist `toml:"api_latency"`       // default const(0)
	Online           bool      `toml:"online"`            // default false
	ELicence         bool      `toml:"e_licence"`         // default false
	OneWindow        bool      `toml:"one_window"`        // default false
	ParallelApproval bool      `toml:"parallel_approval"` // default false
	Transfer         dist.Dist `toml:"transfer"`          // hand-off delay; default const(0)
	OnlineResubmit   dist.Dist `toml:"online_resubmit"`   // delay of an online rework; default const(1d)
	HallFactor       float64   `toml:"hall_factor"`       // default 1
	TriageAccuracy   float64   `toml:"triage_accuracy"`   // [0,1]; default 0.7
	FormDedup        float64   `toml:"form_dedup"`        // [0,1]; default 0
	DataBackflow     float64   `toml:"data_backflow"`     // [0,1]; default 0
	Transparency     float64   `toml:"transparency"`      // [0,1]; default 0
}

// Responsibility holds the responsibility-assignment levers
// (docs/ODD.md §6.3–6.4).
type Responsibility struct {
	Clarity         float64           `toml:"clarity"`          // [0,1]; default 0.5
	BounceLimit     int               `toml:"bounce_limit"`     // 0 = none; default 0
	FirstReceiver   bool              `toml:"first_receiver"`   // default false
	Whistle         bool              `toml:"whistle"`          // default false
	WhistleResponse calendar.Duration `toml:"whistle_response"` // default 24h
	TaskAccess      float64           `toml:"task_access"`      // [0,1]; default 0
	// Evaluation is the strength e ∈ [0,1] of the monthly 三率 ranking of
	// streets and communities, EvaluationDepartments that of departments
	// (docs/ODD.md §6.7). Default 0.
	Evaluation            float64 `toml:"evaluation"`
	EvaluationDepartments float64 `toml:"evaluation_departments"`
}

// Halls configures the districts' one-window halls (used when
// Levers.OneWindow is on).
type Halls struct {
	Windows  int                `toml:"windows"`  // per district hall; default 10
	Staffing calendar.Staffing  `toml:"-"`        // resolved from Windows and WindowsSchedule
	Calendar *calendar.Calendar `toml:"calendar"` // default office hours
}

// Department is a tiao: a functional department.
type Department struct {
	Name  string `toml:"name"`
	Label string `toml:"label"`
	// Level is where it serves the public: LevelCity (one office) or
	// LevelDistrict (one office per district). Default district.
	Level      Level              `toml:"level"`
	Windows    int                `toml:"windows"` // per office; default 2
	Staffing   calendar.Staffing  `toml:"-"`       // from windows and windows_schedule
	Calendar   *calendar.Calendar `toml:"calendar"`
	SharesData float64            `toml:"shares_data"` // [0,1]; default 1
	// BackOfficeStaff per office; 0 = unlimited (default).
	BackOfficeStaff  int     `toml:"back_office_staff"`
	Enforcement      bool    `toml:"enforcement"`       // has enforcement power; default false
	Handlers         int     `toml:"handlers"`          // ticket handlers per office; default 4
	ReturnPropensity float64 `toml:"return_propensity"` // [0,1]; default 0.3
	// CertificateTime is the window time of a certificate visit. Default 10m.
	CertificateTime dist.Dist    `toml:"certificate_time"`
	Tasks           []TaskStream `toml:"task"`
}

// Level is where a department serves the public.
type Level uint8

const (
	LevelDistrict Level = iota
	LevelCity
)

// Owner kinds of data items and tickets.
type OwnerKind uint8

const (
	OwnerDepartment OwnerKind = iota
	OwnerStreet
	OwnerCommunity
)

// Item is a data item a matter step may need (a document, a proof).
type Item struct {
	Name  string    `toml:"name"`
	Label string    `toml:"label"`
	Owner OwnerKind `toml:"-"`
	// Dept is the owning department's index when Owner is OwnerDepartment.
	Dept int `toml:"-"`
	// OwnerName is the TOML value: a department name, "street" or "community".
	OwnerName string `toml:"owner"`
}

// Collection is how a matter's result is collected.
type Collection uint8

const (
	CollectInPerson Collection = iota
	CollectMail
	CollectELicence
)

// MatterType is an administrative service (docs/ODD.md §6.2).
type MatterType struct {
	Name  string `toml:"name"`
	Label string `toml:"label"`
	// RatePer1000 is arrivals per 1,000 residents per day; Rate (per day,
	// whole city) is used instead when set. Split over communities by
	// population.
	RatePer1000 float64    `toml:"rate_per_1000"`
	Rate        float64    `toml:"rate"`
	Profile     int        `toml:"-"` // index into Config.Profiles; -1 = flat
	ProfileName string     `toml:"profile"`
	Steps       []Step     `toml:"step"`
	Rework      float64    `toml:"rework"`          // [0,1); default 0
	Online      bool       `toml:"online_eligible"` // default true
	Collect     Collection `toml:"collect"`         // default in-person
	MailDelay   dist.Dist  `toml:"mail_delay"`      // default const(2d)
	// CollectTime is the window time of an in-person collection visit.
	// Default exp(5m).
	CollectTime dist.Dist `toml:"collect_time"`
	// HallTime is the one-window hall's service time; default: the sum of
	// the steps' window times × Levers.HallFactor.
	HallTime    dist.Dist         `toml:"hall_time"`
	HasHallTime bool              `toml:"-"`
	TimeLimit   calendar.Duration `toml:"time_limit"` // default 20wd
}

// Step is one department's part of a matter.
type Step struct {
	Dept       int       `toml:"-"`
	DeptName   string    `toml:"department"`
	WindowTime dist.Dist `toml:"window_time"` // default exp(15m)
	BackOffice dist.Dist `toml:"back_office"` // working time; default const(0)
	Items      []int     `toml:"-"`           // indices into Config.Items
	ItemNames  []string  `toml:"items"`
}

// Hotline is the 12345 intake (docs/ODD.md §6.3 step 1).
type Hotline struct {
	Operators      int                `toml:"operators"` // default 10
	Staffing       calendar.Staffing  `toml:"-"`
	Calendar       *calendar.Calendar `toml:"calendar"` // default 24/7
	Talk           dist.Dist          `toml:"talk"`     // default exp(150s)
	Wrapup         dist.Dist          `toml:"wrapup"`   // default const(150s)
	Patience       dist.Dist          `toml:"patience"` // default exp(60s)
	RedialP        float64            `toml:"redial_p"`
	RedialDelay    dist.Dist          `toml:"redial_delay"`    // default exp(10m)
	AnswerDirectly float64            `toml:"answer_directly"` // [0,1]; default 0.6
}

// Dispatch is the work-order dispatch centre.
type Dispatch struct {
	Staff        int       `toml:"staff"`         // 0 = unlimited (default)
	DispatchTime dist.Dist `toml:"dispatch_time"` // default const(5m)
	ReviewTime   dist.Dist `toml:"review_time"`   // default const(30m)
}

// TicketType is an urban-governance problem (docs/ODD.md §6.3).
type TicketType struct {
	Name         string  `toml:"name"`
	Label        string  `toml:"label"`
	RatePer1000  float64 `toml:"rate_per_1000"` // per 1,000 residents per day
	Rate         float64 `toml:"rate"`          // per day, whole city, instead
	Profile      int     `toml:"-"`
	ProfileName  string  `toml:"profile"`
	HotlineShare float64 `toml:"hotline_share"` // [0,1]; rest from grid patrol; default 1
	// Owner is the true owner: a department index, or -1 for territorial.
	Owner     int    `toml:"-"`
	OwnerName string `toml:"owner"` // department name or "territorial"
	// Plausible departments (indices); default all.
	Plausible      []int    `toml:"-"`
	PlausibleNames []string `toml:"plausible"`
	// Per-type routing (docs/ODD.md §6.3), as a twin fits it from records
	// that count transfers: the chance that a ticket's first dispatch, and
	// a dispatch after a bounce, reaches the owner. Negative (the default):
	// the platform's triage_accuracy. A type with either set is misrouted
	// to its other plausible departments only, never to the street.
	TriageAccuracy   float64           `toml:"triage_accuracy"`
	RetriageAccuracy float64           `toml:"retriage_accuracy"`
	Ambiguity        float64           `toml:"ambiguity"`         // [0,1]
	NeedsEnforce     float64           `toml:"needs_enforcement"` // probability [0,1]
	Enforcer         int               `toml:"-"`                 // default the owner
	EnforcerName     string            `toml:"enforcer"`
	Work             dist.Dist         `toml:"work"`     // handling work (working time); default exp(2h)
	Deadline         calendar.Duration `toml:"deadline"` // default 7d
	RepeatIfLate     float64           `toml:"repeat_if_late"`
	// Areas weight where the type's tickets arrive, by district or street
	// (relative rates, such as arrivals a day); a community's share is its
	// area's weight (its street's if named, else its district's) times its
	// share of that area's population. Areas not named get none. Default:
	// by population over the whole city.
	Areas []TicketArea `toml:"area"`
	// Urgency orders the ticket in every queue (docs/ODD.md §6.7).
	// Default normal.
	Urgency Urgency `toml:"urgency"`
	// ResponseLimit is the time from the first contact within which the
	// handler must contact the citizen to respond on time. Default 24h.
	ResponseLimit calendar.Duration `toml:"response_limit"`
	// Resolve is q₀, the probability a closure by a unit with authority
	// solves the problem (docs/ODD.md §6.7). [0,1]; default 1.
	Resolve float64 `toml:"resolve"`
}

// TicketArea is the weight of a district or street in a ticket type's
// arrivals.
type TicketArea struct {
	Name   string  `toml:"name"` // a district or street
	Weight float64 `toml:"weight"`
}

// Urgency is a ticket type's urgency class; its value is its rank (the
// most urgent first).
type Urgency uint8

const (
	UrgencyEmergency Urgency = iota
	UrgencyUrgent
	UrgencyNormal
	numUrgency
)

// Grassroots holds streets' and communities' defaults and work rules.
type Grassroots struct {
	StreetWorkers          int                `toml:"street_workers"`            // default 60
	CommunityWorkersPer10k float64            `toml:"community_workers_per_10k"` // default 18
	StreetCalendar         *calendar.Calendar `toml:"street_calendar"`
	CommunityCalendar      *calendar.Calendar `toml:"community_calendar"`
	Priority               Priority           `toml:"priority"`
	Delegate               float64            `toml:"delegate"` // street → community share
	GridReportWork         dist.Dist          `toml:"grid_report_work"`
	WhistleWork            dist.Dist          `toml:"whistle_work"`
	InformalWork           dist.Dist          `toml:"informal_work"`
	InformalDelay          dist.Dist          `toml:"informal_delay"`
	CertificateWork        dist.Dist          `toml:"certificate_work"`
	// SharesData is how far streets and communities share the items they
	// own (docs/ODD.md §6.2 "Item draws"). Default 1.
	SharesData          float64   `toml:"shares_data"`
	ResidentRatePer1000 float64   `toml:"resident_rate_per_1000"` // per day
	ResidentWork        dist.Dist `toml:"resident_work"`
}

// Priority is a grassroots unit's queue discipline.
type Priority uint8

const (
	PriorityFIFO Priority = iota
	PriorityTopDownFirst
	PriorityResidentsFirst
)

// TaskStream is a department's stream of downward tasks (docs/ODD.md §6.4).
type TaskStream struct {
	Name        string    `toml:"name"`
	Target      OwnerKind `toml:"-"` // OwnerStreet or OwnerCommunity
	TargetName  string    `toml:"target"`
	PerWeek     float64   `toml:"per_week"` // per target unit
	Hours       dist.Dist `toml:"hours"`    // working time, minutes
	Listed      bool      `toml:"listed"`
	Duplicated  float64   `toml:"duplicated"`
	Prefillable float64   `toml:"prefillable"`
}

// Adaptation holds the departments' return-propensity learning (§6.5).
type Adaptation struct {
	LearningRate float64 `toml:"learning_rate"` // default 0
	Drift        float64 `toml:"drift"`         // default 1
}

// DemandFeedback scales hotline demand by satisfaction (§6.5).
type DemandFeedback struct {
	Elasticity float64 `toml:"elasticity"` // 0 = off (default)
}

// Accountability holds the behavioural parameters of response, neglect,
// handling outcome, callback, rating and reopening (docs/ODD.md §6.7). At
// their defaults no ticket changes path or timing.
type Accountability struct {
	ContactDelay dist.Dist `toml:"contact_delay"` // acceptance → contact; default const(0)
	Neglect      float64   `toml:"neglect"`       // ν at e = 0, [0,1]; default 0
	NeglectDelay dist.Dist `toml:"neglect_delay"` // time parked; default exp(14d)
	CoordSuccess float64   `toml:"coord_success"` // m_auth without authority, [0,1]; default 1
	LoadPenalty  float64   `toml:"load_penalty"`  // per week of backlog per worker; default 0
	EffortGain   float64   `toml:"effort_gain"`   // m_effort = 1 + EffortGain·e; default 0
	EffortCost   float64   `toml:"effort_cost"`   // work × (1 + EffortCost·e); default 0
	FalseClose   float64   `toml:"false_close"`   // P(false | unsolved) = min(1, FalseClose·e·(1+B)); default 0
	Callback     float64   `toml:"callback"`      // share of hotline closures called back, [0,1]; default 1
	// Gamma is [γ₀, γ_R, γ_C, γ_T] of the satisfaction logit. Default
	// [-1, 3, 1, 1].
	Gamma []float64 `toml:"gamma"`
	// RatingFeedback lets ratings update trust and the demand feedback's
	// satisfaction. Default false.
	RatingFeedback bool      `toml:"rating_feedback"`
	Reopen         float64   `toml:"reopen"`       // P(reopen | unsolved closure), [0,1]; default 0
	ReopenDelay    dist.Dist `toml:"reopen_delay"` // default exp(3d)
	// Weights are the ranking's weights of the response, resolution and
	// satisfaction rates. Default [0.3, 0.35, 0.35].
	Weights []float64 `toml:"weights"`
}

// Shock multiplies arrival rates over a period.
type Shock struct {
	Name       string  `toml:"name"`
	Start      float64 `toml:"start"` // minutes
	End        float64 `toml:"end"`
	Multiplier float64 `toml:"multiplier"`
	// AppliesTo names matter and ticket types, or the groups "matters",
	// "tickets", "tasks", "residents"; empty = everything.
	AppliesTo []string `toml:"applies_to"`
}

// Intervention changes levers at a given time (docs/ODD.md §3). Levers and
// Responsibility are the complete values in force from At on.
type Intervention struct {
	Name           string         `toml:"name"`
	At             float64        `toml:"at"`
	Set            []string       `toml:"-"` // the set lines, for the manifest
	Levers         Levers         `toml:"-"`
	Responsibility Responsibility `toml:"-"`
}

// NamedProfile is an hour-of-day and day-of-week modulation.
type NamedProfile struct {
	Name string `toml:"name"`
	// Hours (24, from 00:00) and Weekdays (7, Monday first) are the weights
	// as written in the scenario (flat when not given). Profile holds them
	// normalised; the model reads Profile only. The weights are kept so the
	// canonical encoding reads back exactly: normalising is not idempotent
	// in floating point.
	Hours    []float64       `toml:"hours"`
	Weekdays []float64       `toml:"weekdays"`
	Profile  arrival.Profile `toml:"-"`
}

// Cost prices levers and staff (currency-neutral, docs/ODD.md §6.6).
type Cost struct {
	Items []CostItem `toml:"item"`
}

// CostItem is the cost of one lever level or one unit of staff. For a
// boolean lever it applies when the lever is on; for a [0,1] lever it is
// multiplied by the level; for staff (windows, handlers, operators,
// dispatchers, street_workers, community_workers, hall_windows) by the count.
type CostItem struct {
	What   string  `toml:"what"`
	OneOff float64 `toml:"one_off"`
	Annual float64 `toml:"annual"`
}
