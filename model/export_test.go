package model

import "github.com/tiaokuai/tiaokuai/model/calendar"

// ZeroStaff is a staffing of 0 at every hour, for the external tests.
func ZeroStaff() calendar.Staffing { return calendar.Flat(0) }
