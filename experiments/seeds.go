package experiments

import "github.com/tiaokuai/tiaokuai/model/rng"

// ReplicationSeed is the run seed of replication r of every point of an
// experiment with root seed root. It depends on nothing else — not the
// point, the worker or the shard — so all points of replication r see the
// same arrivals and citizens (common random numbers), and a sweep gives the
// same rows however it is split. Seeds have 53 bits, so they survive
// spreadsheets and JSON readers that hold numbers as doubles.
func ReplicationSeed(root uint64, r int) uint64 {
	a, _ := rng.Seeds(root, "experiments.replication", uint64(r))
	return a >> 11
}
