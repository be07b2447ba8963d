package scenarios

import (
	"os"
	"testing"
)

func TestSmokeFull(t *testing.T) {
	_, res, err := Load("testdata/good/full.toml", nil)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile("/tmp/full-canon.toml", res.Canonical, 0o644)
}
