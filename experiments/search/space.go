package search

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Kind is the type of a decision variable.
type Kind int

const (
	Real   Kind = iota // a continuous value in [Lo, Hi]
	Int                // an integer in [Lo, Hi]
	Bool               // 0 or 1
	Choice             // the index of one of Choices
)

// Var is a decision variable. Methods search the unit interval and Decode
// maps it to a value.
type Var struct {
	Name    string
	Kind    Kind
	Lo, Hi  float64  // Real and Int
	Choices []string // Choice
}

// Check reports a variable that cannot be searched.
func (v Var) Check() error {
	switch v.Kind {
	case Real, Int:
		if math.IsNaN(v.Lo) || math.IsNaN(v.Hi) || math.IsInf(v.Lo, 0) || math.IsInf(v.Hi, 0) {
			return fmt.Errorf("variable %s: bounds must be finite, got [%v, %v]", v.Name, v.Lo, v.Hi)
		}
		if v.Lo > v.Hi {
			return fmt.Errorf("variable %s: bounds reversed: lower %v is above upper %v", v.Name, v.Lo, v.Hi)
		}
		if v.Kind == Int && (v.Lo != math.Trunc(v.Lo) || v.Hi != math.Trunc(v.Hi)) {
			return fmt.Errorf("variable %s: integer bounds must be whole numbers, got [%v, %v]", v.Name, v.Lo, v.Hi)
		}
	case Bool:
	case Choice:
		if len(v.Choices) == 0 {
			return fmt.Errorf("variable %s: no choices", v.Name)
		}
	default:
		return fmt.Errorf("variable %s: unknown kind %d", v.Name, v.Kind)
	}
	return nil
}

// Decode maps u (clamped to [0, 1]) to the variable's value: Real values
// linearly, Int and Choice values by equal-width bins, Bool by u ≥ ½.
func (v Var) Decode(u float64) float64 {
	u = clamp01(u)
	switch v.Kind {
	case Real:
		return v.Lo + u*(v.Hi-v.Lo)
	case Int:
		return math.Min(v.Hi, math.Floor(v.Lo+u*(v.Hi-v.Lo+1)))
	case Bool:
		if u >= 0.5 {
			return 1
		}
		return 0
	case Choice:
		return math.Min(float64(len(v.Choices)-1), math.Floor(u*float64(len(v.Choices))))
	}
	return math.NaN()
}

// Format writes a decoded value for people: a choice by its name, a
// boolean as true or false.
func (v Var) Format(x float64) string {
	switch v.Kind {
	case Bool:
		return strconv.FormatBool(x != 0)
	case Choice:
		i := int(x)
		if i >= 0 && i < len(v.Choices) {
			return v.Choices[i]
		}
	case Int:
		return strconv.FormatInt(int64(x), 10)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// Levels is the number of distinct values of the variable, or 0 for a
// continuous one.
func (v Var) Levels() int {
	switch v.Kind {
	case Int:
		return int(v.Hi-v.Lo) + 1
	case Bool:
		return 2
	case Choice:
		return len(v.Choices)
	}
	return 0
}

// Space is the list of decision variables.
type Space []Var

// Check reports every variable that cannot be searched, at once.
func (s Space) Check() error {
	if len(s) == 0 {
		return fmt.Errorf("no decision variables")
	}
	var msgs []string
	for _, v := range s {
		if err := v.Check(); err != nil {
			msgs = append(msgs, err.Error())
		}
	}
	if len(msgs) > 0 {
		return fmt.Errorf("%s", strings.Join(msgs, "; "))
	}
	return nil
}

// Decode maps a point of the unit cube to values.
func (s Space) Decode(u []float64) []float64 {
	x := make([]float64, len(s))
	for i, v := range s {
		x[i] = v.Decode(u[i])
	}
	return x
}

// Size is the number of distinct points, or 0 when a variable is
// continuous or the count passes 1e9.
func (s Space) Size() int {
	n := 1
	for _, v := range s {
		l := v.Levels()
		if l == 0 || n > 1e9/l {
			return 0
		}
		n *= l
	}
	return n
}

func key(x []float64) string {
	var b strings.Builder
	for i, v := range x {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
	}
	return b.String()
}

func clamp01(u float64) float64 {
	if math.IsNaN(u) {
		return 0.5
	}
	return math.Max(0, math.Min(1, u))
}
