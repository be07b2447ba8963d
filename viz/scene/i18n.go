package scene

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/tiaokuai/tiaokuai/i18n"
	"github.com/tiaokuai/tiaokuai/model"
)

// Msg is a user-interface string.
type Msg uint8

const (
	MsgHall Msg = iota
	MsgHotline
	MsgDispatch
	MsgPlatform
	MsgCity
	MsgDay
	MsgPaused
	MsgFinished
	MsgSpeed
	MsgMattersActive
	MsgTravelling
	MsgQueued
	MsgVisits
	MsgLatency
	MsgOnlineShare
	MsgCompleted
	MsgTicketsOpen
	MsgInFlight
	MsgBounces
	MsgBacklog
	MsgChartInProgress
	MsgChartVisits
	MsgChartQueued
	MsgChartBacklog
	MsgLevers
	MsgKeys
	MsgLegend
	MsgFragmented
	MsgOneWindow
	MsgOnline
	MsgTicket
	MsgTicketBounced
	MsgFile
	MsgLoad
	MsgKeyPause
	MsgKeySpeed
	MsgKeyStep
	MsgKeyRestart
	MsgKeySplit
	MsgKeyFocus
	MsgKeyLang
	MsgKeyHelp
	MsgKeyClick
	MsgOn
	MsgOff
	MsgWindows
	MsgServing
	MsgWaiting
	MsgWorkers
	MsgPopulation
	MsgBacklogHours
	MsgTickets
	MsgCitizen
	MsgMatter
	MsgStage
	MsgHome
	MsgGoingTo
	MsgSeed
	MsgLoadCalm
	MsgLoadHigh
	MsgStreet
	MsgCommunity
	MsgOffice
	MsgDistrict
	MsgLast7
	MsgChannel
	MsgResponseRate
	MsgResolutionRate
	MsgSatisfactionRate
	numMsgs
)

var msgs = [numMsgs]i18n.Text{
	MsgHall:            {"hall", "政务大厅"},
	MsgHotline:         {"12345", "12345热线"},
	MsgDispatch:        {"dispatch", "派单中心"},
	MsgPlatform:        {"online", "一网通办"},
	MsgCity:            {"city level", "市级"},
	MsgDay:             {"day", "第%d天"},
	MsgPaused:          {"PAUSED", "已暂停"},
	MsgFinished:        {"FINISHED", "已结束"},
	MsgSpeed:           {"speed", "速度"},
	MsgMattersActive:   {"matters open", "在办事项"},
	MsgTravelling:      {"citizens on the way", "在路上的群众"},
	MsgQueued:          {"queued at windows", "窗口排队"},
	MsgVisits:          {"visits per matter", "人均跑动次数"},
	MsgLatency:         {"days per matter", "办结天数"},
	MsgOnlineShare:     {"online share", "网办比例"},
	MsgCompleted:       {"completed", "已办结"},
	MsgTicketsOpen:     {"tickets open", "未结工单"},
	MsgInFlight:        {"tickets in flight", "流转中工单"},
	MsgBounces:         {"bounces per ticket", "工单退回次数"},
	MsgBacklog:         {"grassroots backlog h", "基层积压(小时)"},
	MsgChartInProgress: {"matters open", "在办事项"},
	MsgChartVisits:     {"visits per matter", "人均跑动次数"},
	MsgChartQueued:     {"queued (end of day)", "排队人数(日末)"},
	MsgChartBacklog:    {"grassroots backlog h", "基层积压(小时)"},
	MsgLevers:          {"levers", "改革开关"},
	MsgKeys:            {"keys", "按键"},
	MsgLegend:          {"legend", "图例"},
	MsgFragmented:      {"citizen, fragmented", "群众(分散办理)"},
	MsgOneWindow:       {"citizen, one window", "群众(一窗受理)"},
	MsgOnline:          {"online application", "网上申请"},
	MsgTicket:          {"ticket", "工单"},
	MsgTicketBounced:   {"ticket bounced", "被退回的工单"},
	MsgFile:            {"file handed on", "材料流转"},
	MsgLoad:            {"street/community load", "街道社区负担"},
	MsgKeyPause:        {"pause / resume", "暂停/继续"},
	MsgKeySpeed:        {"slower / faster", "减速/加速"},
	MsgKeyStep:         {"step (paused)", "单步(暂停时)"},
	MsgKeyRestart:      {"restart, same seed", "同种子重新开始"},
	MsgKeySplit:        {"split screen", "分屏对比"},
	MsgKeyFocus:        {"switch pane", "切换分屏"},
	MsgKeyLang:         {"中文 / English", "中文/English"},
	MsgKeyHelp:         {"hide this key", "隐藏按键说明"},
	MsgKeyClick:        {"details", "详情"},
	MsgOn:              {"on", "开"},
	MsgOff:             {"off", "关"},
	MsgWindows:         {"windows open", "开放窗口"},
	MsgServing:         {"serving", "办理中"},
	MsgWaiting:         {"waiting", "等候"},
	MsgWorkers:         {"workers", "工作人员"},
	MsgPopulation:      {"residents", "常住人口"},
	MsgBacklogHours:    {"backlog h", "积压(小时)"},
	MsgTickets:         {"tickets here", "在此工单"},
	MsgCitizen:         {"citizen", "群众"},
	MsgMatter:          {"matter", "事项"},
	MsgStage:           {"stage", "环节"},
	MsgHome:            {"home", "住址"},
	MsgGoingTo:         {"at / going to", "前往"},
	MsgSeed:            {"seed", "种子"},
	MsgLoadCalm:        {"calm", "轻"},
	MsgLoadHigh:        {"drowning", "超负荷"},
	MsgStreet:          {"street", "街道"},
	MsgCommunity:       {"community", "社区"},
	MsgOffice:          {"office", "部门窗口"},
	MsgDistrict:        {"district", "区"},
	MsgLast7:           {"last 7 days", "近7天"},
	MsgChannel:         {"channel", "渠道"},
	// the three rates 三率 of the hotline tickets' rated closures
	MsgResponseRate:     {"response rate", "响应率"},
	MsgResolutionRate:   {"resolution rate", "解决率"},
	MsgSatisfactionRate: {"satisfaction rate", "满意率"},
}

// In is the message in language l.
func (m Msg) In(l i18n.Lang) string { return msgs[m].In(l) }

var weekdays = [i18n.NumLangs][7]string{
	{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"},
	{"周一", "周二", "周三", "周四", "周五", "周六", "周日"},
}

// Clock formats a simulated time (minutes from Monday 00:00 of day 0) as
// day, weekday and hour.
func Clock(l i18n.Lang, t float64) string {
	day := int(math.Floor(t / 1440))
	min := int(math.Floor(t)) - day*1440
	wd := weekdays[l%i18n.NumLangs][((day%7)+7)%7]
	if l == i18n.Chinese {
		return fmt.Sprintf("第%d天 %s %02d:%02d", day+1, wd, min/60, min%60)
	}
	return fmt.Sprintf("day %d  %s %02d:%02d", day+1, wd, min/60, min%60)
}

var stageNames = [i18n.NumLangs][]string{
	{"travelling", "queueing", "at the window", "back office", "handed on", "waiting for a certificate", "in the post", "resubmitting online"},
	{"在路上", "排队", "窗口办理", "后台审批", "流转", "等待证明", "邮寄", "网上补正"},
}

// Stage names a matter's stage.
func StageName(l i18n.Lang, s uint8) string {
	if int(s) < len(stageNames[0]) {
		return stageNames[l%i18n.NumLangs][s]
	}
	return "?"
}

var channelNames = [i18n.NumLangs][]string{
	{"fragmented", "one window", "online"},
	{"分散办理", "一窗受理", "网上办理"},
}

// Channel names a matter's channel.
func ChannelName(l i18n.Lang, c uint8) string {
	if int(c) < 3 {
		return channelNames[l%i18n.NumLangs][c]
	}
	return "?"
}

var ticketStages = [i18n.NumLangs][]string{
	{"at the hotline", "will call again", "at dispatch", "under review", "being handled", "waiting for the enforcer"},
	{"热线受理", "待重拨", "派单中", "审核中", "处置中", "等待执法部门"},
}

// TicketStage names a ticket's stage.
func TicketStageName(l i18n.Lang, s uint8) string {
	if int(s) < len(ticketStages[0]) {
		return ticketStages[l%i18n.NumLangs][s]
	}
	return "?"
}

// Speed formats a speed factor (simulated seconds per real second), with
// the simulated time per real second for large factors.
func Speed(l i18n.Lang, f float64) string {
	unit := func(v float64, en, zh string) string {
		if l == i18n.Chinese {
			return fmt.Sprintf("%.0f×(每秒%.3g%s)", f, v, zh)
		}
		return fmt.Sprintf("%.0f× (%.3g %s/s)", f, v, en)
	}
	switch {
	case f >= 86400:
		return unit(f/86400, "d", "天")
	case f >= 3600:
		return unit(f/3600, "h", "小时")
	case f >= 60:
		return unit(f/60, "min", "分钟")
	}
	return fmt.Sprintf("%.3g×", f)
}

// Shorten strips a trailing parenthesised part ("公安局(户政)" → "公安局").
func Shorten(s string) string {
	for _, open := range []string{"(", "（"} {
		if i := strings.Index(s, open); i > 0 {
			s = strings.TrimSpace(s[:i])
		}
	}
	return s
}

// Fit cuts s (rune-wise, adding "…") until it fits in w pixels.
func Fit(c Canvas, s string, size TextSize, w float32) string {
	if c.TextWidth(s, size) <= w {
		return s
	}
	r := []rune(s)
	for n := len(r) - 1; n > 0; n-- {
		t := string(r[:n]) + "…"
		if c.TextWidth(t, size) <= w {
			return t
		}
	}
	if utf8.RuneCountInString(s) > 0 {
		return string(r[:1])
	}
	return s
}

// AllText is every string the scene can show by itself, in both
// languages (for building a glyph atlas).
func AllText() string {
	var b strings.Builder
	for _, m := range msgs {
		for _, l := range i18n.Langs {
			b.WriteString(m.In(l))
		}
	}
	for _, lv := range model.LeverTable { // the labels of the levers the panel shows
		if lv.View.Keys != "" {
			for _, l := range i18n.Langs {
				b.WriteString(lv.Label.In(l))
			}
		}
	}
	for _, l := range [][i18n.NumLangs][]string{stageNames, channelNames, ticketStages} {
		for _, s := range l {
			b.WriteString(strings.Join(s, ""))
		}
	}
	for _, w := range weekdays {
		b.WriteString(strings.Join(w[:], ""))
	}
	b.WriteString("第天每秒分钟小时 0123456789")
	return b.String()
}
