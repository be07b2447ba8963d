//go:build !viewer

package main

import "errors"

func runWindow(*config) error {
	return errors.New("this simview was built without the window; build it with: go build -tags viewer ./cmd/simview (or use --web / --export)")
}
