package model

// JourneyKind is the kind of a journey event.
type JourneyKind uint8

const (
	JArrival      JourneyKind = iota // a matter (or ticket) arrives
	JTravel                          // a citizen sets out for a unit
	JQueueJoin                       // joins a unit's queue
	JServiceStart                    // service starts at a unit
	JServiceEnd                      // service ends (a visit, a back-office step)
	JRejected                        // a visit or online submission is sent back for rework
	JCertificate                     // a certificate (missing item) was obtained
	JTransfer                        // a hand-off between units starts
	JBackOffice                      // back-office work is submitted
	JComplete                        // the matter's result is collected
	JDispatch                        // a ticket is dispatched (tickets issue)
	JReturn                          // a ticket is returned (tickets issue)
	JWhistle                         // a street blows the whistle (tickets issue)
	JResolution                      // a ticket is resolved (tickets issue)
	JAbandon                         // a caller hangs up (tickets issue)
	numJourneyKinds
)

var journeyNames = [...]string{"arrival", "travel", "queue_join", "service_start", "service_end", "rejected", "certificate", "transfer", "back_office", "complete", "dispatch", "return", "whistle", "resolution", "abandon"}

func (k JourneyKind) String() string {
	if int(k) < len(journeyNames) {
		return journeyNames[k]
	}
	return "unknown"
}

// Journey is one typed event of an entity's journey.
type Journey struct {
	T       float64     // minutes
	Kind    JourneyKind //
	Matter  int64       // the matter's stable ID: (arrival process << 32) | arrival number
	Type    int16       // matter type
	Citizen int32       // the citizen
	Unit    UnitRef     // where it happens (offices, halls, streets, communities)
	Visit   int16       // visits made so far
	Channel Channel
}

// Observer receives journey events. A model with no observer builds none.
type Observer interface {
	Observe(j *Journey)
}

// ObserverFunc adapts a function to Observer.
type ObserverFunc func(j *Journey)

// Observe calls f(j).
func (f ObserverFunc) Observe(j *Journey) { f(j) }

// Stage is where an active matter is.
type Stage uint8

const (
	StageTravel Stage = iota
	StageQueue
	StageService
	StageBackOffice
	StageTransfer
	StageWaitCertificate
	StageMail
	StageResubmit
)

// MatterState is one active matter in a snapshot.
type MatterState struct {
	Matter  int64
	Type    int16
	Citizen int32
	Home    int32 // community
	Channel Channel
	Stage   Stage
	Unit    UnitRef
	Visits  int16
}

// UnitLoad is a unit's load in a snapshot.
type UnitLoad struct {
	Unit    UnitRef
	Queued  int
	Busy    int
	Servers int // current staffing (0 when closed or unlimited)
}

// Snapshot is a read-only picture of the model at one time, for drawing.
// Fill reuses its slices.
type Snapshot struct {
	T       float64
	Matters []MatterState
	Units   []UnitLoad
}
