package scene

import "fmt"

// Hit is what lies under a point: a citizen (Matter ≥ 0) or a place.
type Hit struct {
	Place  PlaceRef
	Matter int32 // index into the snapshot's matters, −1 if none
}

// HitTest finds the citizen or place drawn at (x, y) in the last Draw.
// Citizens come first (within 5 px), then boxes, communities, streets and
// districts.
func (s *Scene) HitTest(x, y float32) (Hit, bool) {
	best, bd := int32(-1), float32(25)
	for _, d := range s.dots {
		dx, dy := d.x-x, d.y-y
		if dd := dx*dx + dy*dy; dd <= bd {
			best, bd = d.i, dd
		}
	}
	if best >= 0 {
		return Hit{Matter: best}, true
	}
	g := s.Geo
	boxes := []*Box{&g.Hotline, &g.Dispatch, &g.Platform}
	for i := range g.Offices {
		boxes = append(boxes, &g.Offices[i])
	}
	for i := range g.Halls {
		boxes = append(boxes, &g.Halls[i])
	}
	for _, b := range boxes {
		if b.Rect.Contains(x, y) || b.Queue.Contains(x, y) {
			return Hit{Place: b.Ref, Matter: -1}, true
		}
	}
	for i, r := range g.Communities {
		if r.Contains(x, y) {
			return Hit{Place: PlaceRef{PlaceCommunity, int32(i)}, Matter: -1}, true
		}
	}
	for i, r := range g.Streets {
		if r.Contains(x, y) {
			return Hit{Place: PlaceRef{PlaceStreet, int32(i)}, Matter: -1}, true
		}
	}
	for i, r := range g.Districts {
		if r.Contains(x, y) {
			return Hit{Place: PlaceRef{PlaceDistrict, int32(i)}, Matter: -1}, true
		}
	}
	return Hit{}, false
}

// Highlight outlines what h names.
func (s *Scene) Highlight(c Canvas, h Hit) {
	if h.Matter >= 0 {
		for _, d := range s.dots {
			if d.i == h.Matter {
				c.FillCircle(d.x, d.y, DotRadius+3, ColHighlight)
				ms := &s.snap.Matters[d.i]
				c.FillCircle(d.x, d.y, DotRadius, ChannelColour(ms.Channel))
				return
			}
		}
		return
	}
	if r, ok := s.Geo.Rect(h.Place); ok {
		c.StrokeRect(r.Inset(-2), 2, ColHighlight)
	}
}

// Details describes what h names, one line each, title first.
func (s *Scene) Details(h Hit) []string {
	lang := s.Lang
	l := s.Layout
	if h.Matter >= 0 && int(h.Matter) < len(s.snap.Matters) {
		ms := &s.snap.Matters[h.Matter]
		typ := fmt.Sprint(ms.Type)
		if int(ms.Type) < len(l.MatterTypes) {
			typ = l.MatterTypes[ms.Type]
		}
		return []string{
			fmt.Sprintf("%s #%d", MsgCitizen.In(lang), ms.Citizen),
			fmt.Sprintf("%s: %s", MsgMatter.In(lang), typ),
			fmt.Sprintf("%s: %s", MsgStage.In(lang), StageName(lang, uint8(ms.Stage))),
			fmt.Sprintf("%s: %s", MsgChannel.In(lang), ChannelName(lang, uint8(ms.Channel))),
			fmt.Sprintf("%s: %d", MsgVisits.In(lang), ms.Visits),
			fmt.Sprintf("%s: %s", MsgHome.In(lang), s.placeLabel(PlaceRef{PlaceCommunity, ms.Home})),
			fmt.Sprintf("%s: %s", MsgGoingTo.In(lang), s.fullLabel(PlaceOf(ms.Unit))),
		}
	}
	p := h.Place
	i := int(p.Index)
	lines := []string{s.fullLabel(p)}
	switch p.Kind {
	case PlaceDistrict:
		lines = append(lines, fmt.Sprintf("%s: %s", MsgPopulation.In(lang), thousands(l.Districts[i].Population)))
	case PlaceStreet, PlaceCommunity:
		pl, ul := l.Streets, s.streetLoad
		if p.Kind == PlaceCommunity {
			pl, ul = l.Communities, s.comLoad
		}
		u := ul[i]
		lines = append(lines,
			fmt.Sprintf("%s: %s", MsgPopulation.In(lang), thousands(pl[i].Population)),
			fmt.Sprintf("%s: %d (%s %d)", MsgWorkers.In(lang), pl[i].Workers, MsgServing.In(lang), u.Busy),
			fmt.Sprintf("%s: %.1f", MsgBacklogHours.In(lang), u.Backlog),
			fmt.Sprintf("%s: %d", MsgTickets.In(lang), s.tcount[p]),
		)
	case PlaceOffice, PlaceHall:
		u := s.boxLoad(p)
		lines = append(lines,
			fmt.Sprintf("%s: %d", MsgWindows.In(lang), u.Servers),
			fmt.Sprintf("%s: %d", MsgServing.In(lang), u.Busy),
			fmt.Sprintf("%s: %d", MsgWaiting.In(lang), u.Queued),
		)
		if p.Kind == PlaceOffice {
			lines = append(lines, fmt.Sprintf("%s: %d", MsgTickets.In(lang), s.tcount[p]))
		}
	case PlaceHotline, PlaceDispatch:
		lines = append(lines, fmt.Sprintf("%s: %d", MsgTickets.In(lang), s.tcount[p]))
	case PlacePlatform:
		lines = append(lines, fmt.Sprintf("%s: %d", MsgOnline.In(lang), s.platform))
	}
	return lines
}

// fullLabel names a place with its district where that helps.
func (s *Scene) fullLabel(p PlaceRef) string {
	l := s.Layout
	name := s.placeLabel(p)
	i := int(p.Index)
	district := func(d int32) string {
		if d >= 0 && int(d) < len(l.Districts) {
			return s.placeLabel(PlaceRef{PlaceDistrict, d})
		}
		return MsgCity.In(s.Lang)
	}
	switch p.Kind {
	case PlaceOffice:
		return name + " · " + district(l.Offices[i].Parent)
	case PlaceHall:
		return name + " · " + district(int32(i))
	case PlaceStreet:
		return MsgStreet.In(s.Lang) + " " + name + " · " + district(l.Streets[i].Parent)
	case PlaceCommunity:
		st := l.Communities[i].Parent
		return MsgCommunity.In(s.Lang) + " " + name + " · " + s.placeLabel(PlaceRef{PlaceStreet, st})
	case PlaceDistrict:
		return MsgDistrict.In(s.Lang) + " " + name
	}
	if p.Kind == PlaceNone {
		return "—"
	}
	return name
}
