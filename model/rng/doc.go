// Package rng derives named random substreams from a run seed.
//
// Every random draw in a run comes from a stream identified by
// (run seed, stream name, index): one stream per arrival process
// ("matter/birth" × community index, say) and one per entity for its own
// attributes and choices (docs/ODD.md §4). Streams are independent of the order
// in which they are created and of how many draws other streams make, so two
// scenarios run with the same seed see the same arrivals and the same
// citizens even when a reform changes how often something draws (common
// random numbers).
//
// A stream's state is derived by hashing: the name with FNV-1a (64 bits),
// then seed, name hash and index absorbed one after the other through
// SplitMix64 finalisers into the two 64-bit words that seed a PCG-DXSM
// generator (math/rand/v2). The derivation is pure integer arithmetic, so
// streams are identical on every platform.
//
// Use New for a one-off stream:
//
//	r := rng.New(seed, "ticket/noise", uint64(community))
//
// In hot paths hash the name once and reuse a generator:
//
//	key := rng.Name("citizen")
//	var pcg rand.PCG
//	r := rand.New(&pcg)
//	for i := range citizens {
//		key.Reseed(&pcg, seed, uint64(i)) // no allocation
//		citizens[i].Literacy = draw(r)
//	}
//
// A *rand.Rand is not safe for concurrent use; each run owns its streams.
package rng
