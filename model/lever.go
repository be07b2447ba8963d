package model

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/tiaokuai/tiaokuai/i18n"
)

// LeverTable is the one list of the model's levers: the keys of the
// scenario's [platform] and [responsibility] sections a policy maker sets
// (docs/ODD.md §6.6). Everything else derives from it: what a
// [[cost.item]] may price (CostKinds) and at which level, the viewer's
// keys, labels and toggles, and the check that every key of the two
// sections is a lever or listed in NotLevers. Rows are in the order of the
// fields in Levers, then Responsibility.
//
// A lever's kind, and with it its cost rule, follows from its field's Go
// type: a bool is on (level 1) or off (0); a share (float64) is its own
// level; a limit (int, 0 = none) is on when set (bounce_limit is the
// arbitration a limit on bounces needs). Every lever may be priced by a
// [[cost.item]] whose `what` is its Name.
var LeverTable = []Lever{
	{Key: "platform.data_sharing", Label: i18n.T("data sharing", "数据共享"), View: View{Keys: "2 3", Step: 0.2, Percent: true}},
	{Key: "platform.online", Label: i18n.T("online channel", "网上办理"), View: View{Keys: "4"}},
	{Key: "platform.e_licence", Label: i18n.T("e-licence", "电子证照")},
	{Key: "platform.one_window", Label: i18n.T("one window", "一窗受理"), View: View{Keys: "1"}},
	{Key: "platform.parallel_approval", Label: i18n.T("parallel approval", "并联审批")},
	{Key: "platform.triage_accuracy", Label: i18n.T("triage accuracy", "派单准确率")},
	{Key: "platform.form_dedup", Label: i18n.T("form deduplication", "表单去重")},
	{Key: "platform.data_backflow", Label: i18n.T("data backflow", "数据回流")},
	{Key: "platform.transparency", Label: i18n.T("transparency", "公开透明")},
	{Key: "responsibility.clarity", Label: i18n.T("clarity", "权责清晰度"), View: View{Keys: "6", Mid: 0.8, High: 0.9, Low: 0.3}},
	{Key: "responsibility.bounce_limit", Label: i18n.T("arbitration", "退单仲裁")},
	{Key: "responsibility.first_receiver", Label: i18n.T("first receiver", "首接负责")},
	{Key: "responsibility.whistle", Label: i18n.T("whistle", "吹哨报到"), View: View{Keys: "5"}},
	{Key: "responsibility.task_access", Label: i18n.T("access control", "准入控制"), View: View{Keys: "7", Mid: 0.5, High: 0.8, Low: 0, Percent: true, OnWhenSet: true}},
	{Key: "responsibility.evaluation", Label: i18n.T("evaluation ranking", "三率考核"), View: View{Keys: "8", Mid: 0.5, High: 1, Low: 0, Percent: true, OnWhenSet: true}},
	{Key: "responsibility.evaluation_departments", Label: i18n.T("double assessment", "部门双考核")},
}

// NotLevers are the keys of [platform] and [responsibility] that are not
// levers, each with the reason: properties of the platform or of the
// routines, which interventions may change but nobody prices or flips.
var NotLevers = map[string]string{
	"platform.api_failure":            "a property of the data platform",
	"platform.api_latency":            "a property of the data platform",
	"platform.transfer":               "the hand-off delay between offices",
	"platform.online_resubmit":        "the delay of an online rework",
	"platform.hall_factor":            "the hall's window time relative to the offices'",
	"responsibility.whistle_response": "the response time of a whistle, part of the whistle lever",
}

// Lever is a row of LeverTable.
type Lever struct {
	Key   string    // the schema path: "platform.one_window"
	Label i18n.Text // what the viewer calls it
	View  View      // the viewer's keys for it; zero: it has none

	field []int // index path of the field in leverSet
	kind  LeverKind
}

// View is how the viewer's keys change a lever and show it.
type View struct {
	// Keys are the keys as the panel shows them: "1", or "2 3" for a share
	// stepped down and up.
	Keys string
	// A share with two keys moves by Step (rounded to a tenth, kept in
	// [0, 1]); with one key it flips between the scenario's value and
	// High, or Low when the scenario's value is at least Mid. A boolean
	// is toggled.
	Step, Mid, High, Low float64
	// Percent shows a share as a percentage (else with one decimal).
	Percent bool
	// OnWhenSet marks a share on when above 0 (else when above the
	// scenario's value).
	OnWhenSet bool
}

// LeverKind is how a lever's value reads as a level.
type LeverKind uint8

// The kinds of lever.
const (
	LeverBool  LeverKind = iota // on (1) or off (0)
	LeverShare                  // a share in [0, 1]: its own level
	LeverLimit                  // an integer, 0 = none: on (1) when set
)

// Name is the lever's key within its section ("one_window"): what a
// [[cost.item]] calls it.
func (lv *Lever) Name() string { return lv.Key[strings.IndexByte(lv.Key, '.')+1:] }

// Kind is the lever's kind.
func (lv *Lever) Kind() LeverKind { return lv.kind }

func (lv *Lever) value(ls *leverSet) reflect.Value {
	return reflect.ValueOf(ls).Elem().FieldByIndex(lv.field)
}

// Value is the lever's value in l and r: 0 or 1 for a boolean.
func (lv *Lever) Value(l Levers, r Responsibility) float64 {
	return lv.get(&leverSet{l, r})
}

func (lv *Lever) get(ls *leverSet) float64 {
	v := lv.value(ls)
	switch lv.kind {
	case LeverBool:
		if v.Bool() {
			return 1
		}
		return 0
	case LeverLimit:
		return float64(v.Int())
	}
	return v.Float()
}

// Level is the lever's level in a lever set, as costs weigh it.
func (lv *Lever) level(ls *leverSet) float64 {
	x := lv.get(ls)
	if lv.kind == LeverLimit && x > 0 {
		return 1
	}
	return x
}

// Set sets the lever in l and r to x (a boolean is on when x ≠ 0; a limit
// is rounded down).
func (lv *Lever) Set(l *Levers, r *Responsibility, x float64) {
	ls := leverSet{*l, *r}
	v := lv.value(&ls)
	switch lv.kind {
	case LeverBool:
		v.SetBool(x != 0)
	case LeverLimit:
		v.SetInt(int64(x))
	default:
		v.SetFloat(x)
	}
	*l, *r = ls.Levers, ls.Responsibility
}

// LeverByName returns the lever a [[cost.item]] names, or nil.
func LeverByName(name string) *Lever {
	for i := range LeverTable {
		if LeverTable[i].Name() == name {
			return &LeverTable[i]
		}
	}
	return nil
}

// StaffKinds are the kinds of staff a [[cost.item]] may price (by count).
var StaffKinds = []string{"windows", "hall_windows", "handlers", "operators", "dispatchers", "street_workers", "community_workers"}

// CostKinds lists what a cost item may price: the levers, then the kinds
// of staff.
var CostKinds = func() []string {
	var out []string
	for i := range LeverTable {
		out = append(out, LeverTable[i].Name())
	}
	return append(out, StaffKinds...)
}()

// resolve finds each lever's field by its TOML key and its kind by the
// field's type. A key that names no field of Levers or Responsibility, or
// a field of another type, is a programming error in the table.
func init() {
	// The sections: the fields of Config of the types in leverSet.
	sections := map[string]int{}
	st, ct := reflect.TypeFor[leverSet](), reflect.TypeFor[Config]()
	for i := range st.NumField() {
		for j := range ct.NumField() {
			if ct.Field(j).Type == st.Field(i).Type {
				sections[ct.Field(j).Tag.Get("toml")] = i
			}
		}
	}
	for i := range LeverTable {
		lv := &LeverTable[i]
		sec, key, _ := strings.Cut(lv.Key, ".")
		s, ok := sections[sec]
		if !ok {
			panic(fmt.Sprintf("model: lever %s: no section %q", lv.Key, sec))
		}
		ft := st.Field(s).Type
		found := false
		for j := range ft.NumField() {
			f := ft.Field(j)
			if f.Tag.Get("toml") != key {
				continue
			}
			found = true
			lv.field = []int{s, j}
			switch f.Type.Kind() {
			case reflect.Bool:
				lv.kind = LeverBool
			case reflect.Float64:
				lv.kind = LeverShare
			case reflect.Int:
				lv.kind = LeverLimit
			default:
				panic(fmt.Sprintf("model: lever %s has type %s", lv.Key, f.Type))
			}
		}
		if !found {
			panic(fmt.Sprintf("model: lever %s is not a key of [%s]", lv.Key, sec))
		}
	}
}
