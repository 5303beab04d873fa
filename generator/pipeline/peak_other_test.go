//go:build !unix

package pipeline_test

import "time"

func cpuTime() time.Duration { return -1 }

func peakMB() (float64, bool) { return 0, false }
