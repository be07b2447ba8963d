//go:build js

package main

import "errors"

func serveWeb(*config) error {
	return errors.New("--web and --export run on the desktop, not in the browser")
}
