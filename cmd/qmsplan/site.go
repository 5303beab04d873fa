package main

import (
	"errors"
)

func (e *env) check(args []string) error {
	var c common
	fs := e.flags("check")
	c.register(fs)
	if err := fs.Parse(args); err != nil {
		return errReported
	}
	res, _, err := e.prepare(c)
	if err != nil {
		return err
	}
	e.summary(res)
	return nil
}

func (e *env) build(args []string) error { return errors.New("not yet") }
func (e *env) serve(args []string) error { return errors.New("not yet") }
