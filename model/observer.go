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
	JDispatch                        // a ticket is dispatched to a unit
	JReturn                          // a ticket is returned to dispatch (a bounce)
	JWhistle                         // a unit blows the whistle
	JResolution                      // a ticket is resolved
	JAbandon                         // a caller hangs up for good
	JIntake                          // a contact is closed at intake (answered directly)
	JAccept                          // a unit accepts a ticket as its final handler
	JParked                          // the handler parks (neglects) an accepted ticket
	JReopen                          // the citizen reopens an unsolved ticket (same id)
	numJourneyKinds
)

var journeyNames = [...]string{"arrival", "travel", "queue_join", "service_start", "service_end", "rejected", "certificate", "transfer", "back_office", "complete", "dispatch", "return", "whistle", "resolution", "abandon", "intake", "accept", "parked", "reopen"}

func (k JourneyKind) String() string {
	if int(k) < len(journeyNames) {
		return journeyNames[k]
	}
	return "unknown"
}

// Entity is the kind of entity a journey event is about.
type Entity uint8

const (
	EntityMatter Entity = iota
	EntityTicket
)

// Journey is one typed event of an entity's journey.
type Journey struct {
	T      float64     // minutes
	Kind   JourneyKind //
	Entity Entity
	// ID is the entity's stable ID: (arrival process << 32) | arrival number,
	// the same under every reform. Matter and ticket IDs are separate spaces.
	ID      int64
	Type    int16   // matter or ticket type
	Citizen int32   // the citizen
	Unit    UnitRef // where it happens (offices, halls, streets, communities)
	Visit   int16   // matters: visits made so far; tickets: bounces so far
	Channel Channel // matters only
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

// TicketStage is where an active ticket is.
type TicketStage uint8

const (
	TicketHotline  TicketStage = iota // waiting for or talking to an operator
	TicketRedial                      // hung up, will call again
	TicketDispatch                    // at the dispatch centre
	TicketReview                      // being reviewed by a recipient
	TicketHandling                    // accepted, being handled
	TicketWhistle                     // waiting for the enforcer (whistle or informal coordination)
	TicketParked                      // accepted and parked by its handler (neglect)
	TicketReopen                      // closed unsolved, about to be reopened by the citizen
)

// TicketState is one active ticket in a snapshot.
type TicketState struct {
	Ticket  int64
	Type    int16
	Home    int32 // community
	Stage   TicketStage
	Unit    UnitRef // current holder or recipient
	Bounces int16
}

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
	// Since is when the matter entered its stage; for StageTravel, Until is
	// when it arrives (the viewer interpolates the trip from home to Unit).
	Since, Until float64
}

// UnitLoad is a unit's load in a snapshot.
type UnitLoad struct {
	Unit    UnitRef
	Queued  int
	Busy    int
	Servers int     // servers that may work now (0 while closed)
	Backlog float64 // streets and communities: work not yet done, hours
}

// Snapshot is a read-only picture of the model at one time, for drawing.
// Fill reuses its slices.
type Snapshot struct {
	T       float64
	Matters []MatterState
	Tickets []TicketState
	Units   []UnitLoad
}
