package rng

import "math/rand/v2"

// FNV-1a 64-bit parameters.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// golden is 2^64 / φ, the SplitMix64 increment. Adding distinct multiples of
// it before each finaliser keeps the three inputs from cancelling each other
// (seed = index, or a name that hashes to 0, still give unrelated streams).
const (
	golden  = 0x9e3779b97f4a7c15
	golden2 = (2 * golden) % (1 << 64)
	golden3 = (3 * golden) % (1 << 64)
	golden4 = (4 * golden) % (1 << 64)
	golden5 = (5 * golden) % (1 << 64)
)

// Key is a hashed stream name. Hash a name once with Name and keep the Key
// where streams are derived in a hot loop (one per entity, say).
type Key uint64

// Name hashes a stream name (FNV-1a, 64 bits).
func Name(name string) Key {
	h := uint64(fnvOffset)
	for i := 0; i < len(name); i++ {
		h ^= uint64(name[i])
		h *= fnvPrime
	}
	return Key(h)
}

// mix is the SplitMix64 finaliser (Stafford's variant 13): a bijection on
// uint64 in which every input bit affects every output bit.
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Seeds returns the two PCG seed words of stream (seed, k, index).
//
// The inputs are absorbed one at a time, each through a bijective mix, so
// for a fixed seed and name distinct indices give distinct states, and so on.
func (k Key) Seeds(seed, index uint64) (uint64, uint64) {
	s := mix(seed + golden)
	s = mix(s ^ (uint64(k) + golden2))
	s = mix(s ^ mix(index+golden3))
	return mix(s + golden4), mix(s + golden5)
}

// New returns a generator for stream (seed, k, index).
func (k Key) New(seed, index uint64) *rand.Rand {
	return rand.New(rand.NewPCG(k.Seeds(seed, index)))
}

// Reseed points an existing PCG at stream (seed, k, index) without
// allocating, so a *rand.Rand wrapping p can be reused for many entities.
func (k Key) Reseed(p *rand.PCG, seed, index uint64) {
	p.Seed(k.Seeds(seed, index))
}

// Seeds returns the two PCG seed words of stream (seed, name, index):
// the name is hashed with FNV-1a and mixed with the seed and the index by
// SplitMix64 finalisers. Seeds(s, n, i) == Name(n).Seeds(s, i).
func Seeds(seed uint64, name string, index uint64) (uint64, uint64) {
	return Name(name).Seeds(seed, index)
}

// New returns a generator for stream (seed, name, index).
func New(seed uint64, name string, index uint64) *rand.Rand {
	return rand.New(rand.NewPCG(Seeds(seed, name, index)))
}
