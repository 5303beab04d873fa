//go:build !linux

package pipeline

func renameExchange(a, b string) error { return errNoExchange }
