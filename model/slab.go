package model

// slab holds entities of one kind (matters, tickets) so that finished ones
// are recycled: entity i keeps slot i for life, with its own random
// source allocated once, and memory stays bounded by the most entities
// alive at once, not by the length of the run.
type slab[T any] struct {
	items []*T
	free  []int32
}

// alloc returns a recycled entity, or one made by fresh for a new slot.
func (s *slab[T]) alloc(fresh func(slot int32) *T) *T {
	if n := len(s.free); n > 0 {
		e := s.items[s.free[n-1]]
		s.free = s.free[:n-1]
		return e
	}
	e := fresh(int32(len(s.items)))
	s.items = append(s.items, e)
	return e
}

// release returns a slot for reuse.
func (s *slab[T]) release(slot int32) { s.free = append(s.free, slot) }
