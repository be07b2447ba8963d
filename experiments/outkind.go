package experiments

import (
	"encoding/json"
	"os"
	"path/filepath"
)

// OutKind says what an output directory holds, by its manifest.json:
// "sweep" (a sweep's or merge's plan), "run" (one run's manifest), or ""
// (no manifest, or one of neither kind).
func OutKind(dir string) string {
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return ""
	}
	if _, err := ReadPlan(data); err == nil {
		return "sweep"
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(data, &m) == nil {
		if _, ok := m["scenario_hash"]; ok {
			if _, ok := m["resolved"]; ok {
				return "run"
			}
		}
	}
	return ""
}
